import { embeddedSharedBuffersMb, usableMemoryBytes } from './embedded-postgres';

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

describe('usableMemoryBytes', () => {
  it.each([
    ['the machine’s memory when the process is not constrained (a huge cgroup limit)', 24 * GB, 18446744073709552000, 24 * GB],
    ['the machine’s memory when no limit is reported (0)', 24 * GB, 0, 24 * GB],
    ['the machine’s memory when no limit is reported (undefined)', 24 * GB, undefined, 24 * GB],
    ['a container’s limit when it is lower', 24 * GB, 0.5 * GB, 0.5 * GB],
  ])('gives %s', (_case, machine, constrained, expected) => {
    expect(usableMemoryBytes(machine, constrained)).toBe(expected);
  });

  it('sizes the buffer pool of a process limited to 512 MB on a large machine at 128 MB', () => {
    expect(embeddedSharedBuffersMb(usableMemoryBytes(64 * GB, 0.5 * GB))).toBe(128);
  });
});
