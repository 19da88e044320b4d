import { Injectable } from '@nestjs/common';
import { verify, X509Certificate } from 'node:crypto';
import { Clock } from '../../../../../shared/application/ports/clock.port';
import { SnsCertificateSource } from '../../application/ports/sns-certificate-source.port';
import { SnsUnreachableError } from '../../application/ports/sns-unreachable.error';
import { type SnsMessage, snsSignatureAlgorithm, snsStringToSign } from '../../domain/sns-message';
import { checkSnsCertificateUrl } from '../../domain/sns-url';
import { WebhookSignatureError } from '../../../../domain/webhook.errors';

/** Base64 of an RSA signature of at most 8192 bits, with room for line breaks. */
const MAX_SIGNATURE_LENGTH = 2048;

/**
 * Proves that SNS sent a message: SignatureVersion 1 (SHA1withRSA) or 2 (SHA256withRSA) over
 * the message's string to sign, with the certificate named by SigningCertURL, which must be
 * an SNS URL (checked before anything is fetched) and hold an X.509 certificate valid now.
 * Throws `WebhookSignatureError` for anything unproven, and lets `SnsUnreachableError` through
 * when the certificate could not be fetched (worth a retry).
 */
@Injectable()
export class SnsMessageVerifier {
  constructor(
    private readonly certificates: SnsCertificateSource,
    private readonly clock: Clock,
  ) {}

  async verify(message: SnsMessage): Promise<void> {
    const algorithm = snsSignatureAlgorithm(message.signatureVersion);
    if (message.signatureVersion === null) throw new WebhookSignatureError('The SNS message is not signed: no SignatureVersion');
    if (algorithm === null) throw new WebhookSignatureError(`SNS SignatureVersion ${JSON.stringify(message.signatureVersion)} is not supported (only 1 and 2)`);
    if (message.signature === null || message.signature.length === 0) throw new WebhookSignatureError('The SNS message is not signed: no Signature');
    if (message.signature.length > MAX_SIGNATURE_LENGTH) throw new WebhookSignatureError('The SNS Signature is too long');
    const certificateUrl = checkSnsCertificateUrl(message.signingCertUrl);
    if (!certificateUrl.ok) throw new WebhookSignatureError(`The SNS SigningCertURL is refused: ${certificateUrl.problem}`);

    const certificate = this.usable(await this.certificateAt(certificateUrl.url.href));
    const signed = Buffer.from(snsStringToSign(message), 'utf8');
    let valid: boolean;
    try {
      valid = verify(algorithm, signed, certificate.publicKey, Buffer.from(message.signature, 'base64'));
    } catch {
      valid = false;
    }
    if (!valid) throw new WebhookSignatureError('The SNS signature does not match the message');
  }

  private async certificateAt(url: string): Promise<string> {
    try {
      return await this.certificates.certificateFor(url);
    } catch (error) {
      if (error instanceof SnsUnreachableError) throw error;
      throw new WebhookSignatureError(`No SNS signing certificate could be had from ${url}`);
    }
  }

  private usable(pem: string): X509Certificate {
    let certificate: X509Certificate;
    try {
      certificate = new X509Certificate(pem);
    } catch {
      throw new WebhookSignatureError('The SNS signing certificate is not an X.509 certificate in PEM');
    }
    const now = this.clock.now().getTime();
    const validFrom = Date.parse(certificate.validFrom);
    const validTo = Date.parse(certificate.validTo);
    if (!(validFrom <= now && now <= validTo)) {
      throw new WebhookSignatureError(`The SNS signing certificate is not valid now (valid from ${certificate.validFrom} to ${certificate.validTo})`);
    }
    if (certificate.publicKey.asymmetricKeyType !== 'rsa') throw new WebhookSignatureError('The SNS signing certificate does not hold an RSA key');
    return certificate;
  }
}
