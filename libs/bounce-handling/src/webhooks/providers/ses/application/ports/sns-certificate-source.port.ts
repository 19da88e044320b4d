/**
 * Where SNS signing certificates come from. Callers pass only URLs that passed
 * `checkSnsCertificateUrl`; a source re-checks what it fetches.
 */
export abstract class SnsCertificateSource {
  /**
   * The PEM text of the certificate at `url`. Rejects with `SnsUnreachableError` when AWS
   * could not be asked (retrying later may succeed), with any other error when there is no
   * usable certificate there.
   */
  abstract certificateFor(url: string): Promise<string>;
}
