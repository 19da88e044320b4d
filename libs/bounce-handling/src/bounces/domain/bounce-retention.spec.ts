import { bounceRetentionPlan, monthsBefore } from './bounce-retention';

describe('bounceRetentionPlan', () => {
  const now = new Date('2026-12-04T18:30:00.000Z');

  it('asks for the partitions of the current month and the next two, in UTC, and keeps everything when nothing is set', () => {
    expect(bounceRetentionPlan(now, { retentionMonths: null, rawReportRetentionDays: null })).toEqual({
      months: [new Date('2026-12-01T00:00:00Z'), new Date('2027-01-01T00:00:00Z'), new Date('2027-02-01T00:00:00Z')],
      dropBefore: null,
      clearRawReportsBefore: null,
    });
  });

  it('takes the month of UTC, not of the local time, at a month boundary', () => {
    expect(bounceRetentionPlan(new Date('2026-12-31T23:59:59.999Z'), { retentionMonths: null, rawReportRetentionDays: null }).months[0]).toEqual(
      new Date('2026-12-01T00:00:00Z'),
    );
    expect(bounceRetentionPlan(new Date('2027-01-01T00:00:00.000Z'), { retentionMonths: null, rawReportRetentionDays: null }).months[0]).toEqual(
      new Date('2027-01-01T00:00:00Z'),
    );
  });

  it.each([
    [1, '2026-11-04T18:30:00.000Z'],
    [12, '2025-12-04T18:30:00.000Z'],
    [36, '2023-12-04T18:30:00.000Z'],
  ])('drops what is older than %d months to the instant', (months, before) => {
    expect(bounceRetentionPlan(now, { retentionMonths: months, rawReportRetentionDays: null }).dropBefore).toEqual(new Date(before));
  });

  it('clears raw reports older than N days to the instant', () => {
    expect(bounceRetentionPlan(now, { retentionMonths: null, rawReportRetentionDays: 30 }).clearRawReportsBefore).toEqual(new Date('2026-11-04T18:30:00.000Z'));
  });
});

describe('monthsBefore', () => {
  it.each([
    ['2026-03-31T12:00:00Z', 1, '2026-02-28T12:00:00Z'],
    ['2028-03-31T12:00:00Z', 1, '2028-02-29T12:00:00Z'],
    ['2026-01-15T00:00:00Z', 1, '2025-12-15T00:00:00Z'],
    ['2026-05-31T00:00:00Z', 13, '2025-04-30T00:00:00Z'],
  ])('%s less %d months is %s', (at, months, expected) => {
    expect(monthsBefore(new Date(at), months)).toEqual(new Date(expected));
  });
});
