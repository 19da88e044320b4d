import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SnsCertificateSource } from '../../application/ports/sns-certificate-source.port';
import { DirectorySnsCertificateSource } from './directory-sns-certificate-source.adapter';

class RecordingSource extends SnsCertificateSource {
  readonly requested: string[] = [];
  async certificateFor(url: string): Promise<string> {
    this.requested.push(url);
    return 'fetched';
  }
}

const URL_OF = (name: string) => `https://sns.eu-west-1.amazonaws.com/${name}`;

describe('DirectorySnsCertificateSource', () => {
  let directory: string;
  let next: RecordingSource;

  beforeEach(() => {
    directory = fs.mkdtempSync(path.join(os.tmpdir(), 'sns-certs-'));
    fs.writeFileSync(path.join(directory, 'SimpleNotificationService-abc.pem'), 'provided');
    next = new RecordingSource();
  });

  afterEach(() => fs.rmSync(directory, { recursive: true, force: true }));

  it('serves a certificate named as the last path segment of the URL, without asking further', async () => {
    const source = new DirectorySnsCertificateSource(directory, next);
    await expect(source.certificateFor(URL_OF('SimpleNotificationService-abc.pem'))).resolves.toBe('provided');
    await expect(source.certificateFor(URL_OF('deeper/path/SimpleNotificationService-abc.pem'))).resolves.toBe('provided');
    expect(next.requested).toEqual([]);
  });

  it('asks the next source for a certificate it does not hold', async () => {
    const source = new DirectorySnsCertificateSource(directory, next);
    await expect(source.certificateFor(URL_OF('SimpleNotificationService-other.pem'))).resolves.toBe('fetched');
    expect(next.requested).toEqual([URL_OF('SimpleNotificationService-other.pem')]);
  });

  it('asks the next source when no directory is configured', async () => {
    await expect(new DirectorySnsCertificateSource(null, next).certificateFor(URL_OF('SimpleNotificationService-abc.pem'))).resolves.toBe('fetched');
  });

  it.each([
    ['an encoded path separator', URL_OF('..%2Fsecret.pem')],
    ['a dot-dot name', URL_OF('..pem').replace('..pem', '%2E%2E.pem')],
    ['a hidden file', URL_OF('.pem')],
  ])('reads no file outside the directory for %s', async (_case, url) => {
    fs.writeFileSync(path.join(path.dirname(directory), 'secret.pem'), 'outside');
    try {
      await expect(new DirectorySnsCertificateSource(directory, next).certificateFor(url)).resolves.toBe('fetched');
    } finally {
      fs.rmSync(path.join(path.dirname(directory), 'secret.pem'), { force: true });
    }
  });
});
