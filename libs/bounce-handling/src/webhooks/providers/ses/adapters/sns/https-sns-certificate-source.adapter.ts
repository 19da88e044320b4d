import { Injectable } from '@nestjs/common';
import { SnsCertificateSource } from '../../application/ports/sns-certificate-source.port';
import { checkSnsCertificateUrl } from '../../domain/sns-url';
import { boundedHttpsGet } from './bounded-https-get';

/** A signing certificate is a couple of kilobytes; a chain, a few more. */
const MAX_CERTIFICATE_BYTES = 64 * 1024;
const TIMEOUT_MS = 5_000;

/** Fetches a signing certificate from SNS itself, and from nowhere else. */
@Injectable()
export class HttpsSnsCertificateSource extends SnsCertificateSource {
  async certificateFor(url: string): Promise<string> {
    // The verifier checked the URL already; a fetch to anywhere else must stay impossible.
    const checked = checkSnsCertificateUrl(url);
    if (!checked.ok) throw new Error(`Not an SNS certificate URL: ${checked.problem}`);
    const { body } = await boundedHttpsGet(checked.url, { timeoutMs: TIMEOUT_MS, maxBytes: MAX_CERTIFICATE_BYTES });
    return body.toString('utf8');
  }
}
