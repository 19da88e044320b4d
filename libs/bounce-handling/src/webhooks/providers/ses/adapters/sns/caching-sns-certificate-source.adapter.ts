import { SnsCertificateSource } from '../../application/ports/sns-certificate-source.port';

/** SNS signs with a handful of certificates; this is room for all of them and then some. */
const DEFAULT_CAPACITY = 64;

/**
 * Asks `next` once per URL: concurrent requests for one URL share the answer, later ones get
 * it from memory. Failures are not kept, so a passing outage costs nothing later. The oldest
 * entry makes room when the cache is full.
 */
export class CachingSnsCertificateSource extends SnsCertificateSource {
  private readonly certificates = new Map<string, Promise<string>>();

  constructor(
    private readonly next: SnsCertificateSource,
    private readonly capacity = DEFAULT_CAPACITY,
  ) {
    super();
  }

  certificateFor(url: string): Promise<string> {
    const cached = this.certificates.get(url);
    if (cached !== undefined) return cached;
    const certificate = this.next.certificateFor(url);
    if (this.certificates.size >= this.capacity) this.certificates.delete(this.certificates.keys().next().value as string);
    this.certificates.set(url, certificate);
    certificate.catch(() => {
      if (this.certificates.get(url) === certificate) this.certificates.delete(url);
    });
    return certificate;
  }
}
