import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { SnsCertificateSource } from '../../application/ports/sns-certificate-source.port';

/** A certificate's file name as SNS names them (`SimpleNotificationService-<hex>.pem`): no paths. */
const CERTIFICATE_FILE_NAME = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,200}\.pem$/;

/**
 * Certificates provided ahead of time (offline or pinned deployments): a folder of PEM files
 * named as the last path segment of their SigningCertURL, consulted before `next` is asked.
 */
export class DirectorySnsCertificateSource extends SnsCertificateSource {
  constructor(
    private readonly directory: string | null,
    private readonly next: SnsCertificateSource,
  ) {
    super();
  }

  async certificateFor(url: string): Promise<string> {
    const provided = await this.providedFor(url);
    return provided ?? this.next.certificateFor(url);
  }

  private async providedFor(url: string): Promise<string | null> {
    if (this.directory === null) return null;
    const name = lastPathSegment(url);
    if (name === null || !CERTIFICATE_FILE_NAME.test(name)) return null;
    try {
      return await readFile(path.join(this.directory, name), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }
}

function lastPathSegment(url: string): string | null {
  try {
    return new URL(url).pathname.split('/').pop() ?? null;
  } catch {
    return null;
  }
}
