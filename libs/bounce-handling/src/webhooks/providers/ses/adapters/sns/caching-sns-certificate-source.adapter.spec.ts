import { SnsCertificateSource } from '../../application/ports/sns-certificate-source.port';
import { CachingSnsCertificateSource } from './caching-sns-certificate-source.adapter';

class CountingSource extends SnsCertificateSource {
  readonly requested: string[] = [];
  failuresLeft = 0;
  async certificateFor(url: string): Promise<string> {
    this.requested.push(url);
    await new Promise((resolve) => setTimeout(resolve, 5));
    if (this.failuresLeft > 0) {
      this.failuresLeft -= 1;
      throw new Error('unreachable');
    }
    return `pem of ${url}`;
  }
}

describe('CachingSnsCertificateSource', () => {
  let next: CountingSource;
  beforeEach(() => {
    next = new CountingSource();
  });

  it('asks once per URL, however often and however concurrently it is asked', async () => {
    const cache = new CachingSnsCertificateSource(next);
    const answers = await Promise.all(Array.from({ length: 10 }, () => cache.certificateFor('https://sns.a-b-c.amazonaws.com/a.pem')));
    await cache.certificateFor('https://sns.a-b-c.amazonaws.com/a.pem');
    await cache.certificateFor('https://sns.a-b-c.amazonaws.com/b.pem');
    expect(new Set(answers)).toEqual(new Set(['pem of https://sns.a-b-c.amazonaws.com/a.pem']));
    expect(next.requested).toEqual(['https://sns.a-b-c.amazonaws.com/a.pem', 'https://sns.a-b-c.amazonaws.com/b.pem']);
  });

  it('keeps no failure: the next request asks again', async () => {
    const cache = new CachingSnsCertificateSource(next);
    next.failuresLeft = 1;
    await expect(cache.certificateFor('https://sns.a-b-c.amazonaws.com/a.pem')).rejects.toThrow('unreachable');
    await expect(cache.certificateFor('https://sns.a-b-c.amazonaws.com/a.pem')).resolves.toBe('pem of https://sns.a-b-c.amazonaws.com/a.pem');
    expect(next.requested).toHaveLength(2);
  });

  it('makes room by forgetting the oldest URL when full', async () => {
    const cache = new CachingSnsCertificateSource(next, 2);
    for (const name of ['a', 'b', 'c', 'c', 'b', 'a']) await cache.certificateFor(`https://sns.a-b-c.amazonaws.com/${name}.pem`);
    expect(next.requested.map((url) => url.slice(-5))).toEqual(['a.pem', 'b.pem', 'c.pem', 'a.pem']);
  });
});
