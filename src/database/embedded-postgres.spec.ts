import { embeddedSharedBuffersMb } from './embedded-postgres';

const GB = 1024 ** 3;

describe('embeddedSharedBuffersMb', () => {
  it.each([
    ['a quarter of 2 GB', 2 * GB, 512],
    ['a quarter of 3 GB', 3 * GB, 768],
    ['at most 1 GB, with 24 GB', 24 * GB, 1024],
    ['at most 1 GB, with 4 GB', 4 * GB, 1024],
    ['at least PostgreSQL’s default of 128 MB, with 256 MB', 0.25 * GB, 128],
    ['at least 128 MB, with memory unknown (0)', 0, 128],
  ])('gives %s', (_case, memory, expected) => {
    expect(embeddedSharedBuffersMb(memory)).toBe(expected);
  });
});
