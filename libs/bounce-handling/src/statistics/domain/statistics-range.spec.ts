import { ValidationError } from '../../shared/domain/domain-error';
import { bucketStarts, intervalStart, statisticsRange } from './statistics-range';

const at = (text: string): Date => new Date(text);
const NOW = at('2026-12-04T15:20:00Z');

describe('intervalStart', () => {
  it.each([
    ['2026-12-04T15:20:31Z', 'hour', '2026-12-04T15:00:00.000Z'],
    ['2026-12-04T15:20:31Z', 'day', '2026-12-04T00:00:00.000Z'],
    ['2026-12-04T15:20:31Z', 'week', '2026-11-30T00:00:00.000Z'],
    ['2026-11-30T00:00:00Z', 'week', '2026-11-30T00:00:00.000Z'],
    ['2026-12-06T23:59:59Z', 'week', '2026-11-30T00:00:00.000Z'],
    ['1969-12-31T12:00:00Z', 'week', '1969-12-29T00:00:00.000Z'],
  ] as const)('of %s by %s is %s (UTC, weeks from Monday)', (instant, interval, start) => {
    expect(intervalStart(at(instant), interval).toISOString()).toBe(start);
  });
});

describe('statisticsRange', () => {
  it('rounds from down and to up to whole intervals', () => {
    const range = statisticsRange({ from: at('2026-12-01T10:30:00Z'), to: at('2026-12-03T00:00:01Z'), interval: 'day' }, NOW);
    expect([range.from.toISOString(), range.to.toISOString()]).toEqual(['2026-12-01T00:00:00.000Z', '2026-12-04T00:00:00.000Z']);
    expect(bucketStarts(range)).toHaveLength(3);
  });

  it('ends with the interval holding now, and starts 30 days before, when neither is given', () => {
    const range = statisticsRange({ interval: 'day' }, NOW);
    expect([range.from.toISOString(), range.to.toISOString()]).toEqual(['2026-11-05T00:00:00.000Z', '2026-12-05T00:00:00.000Z']);
  });

  it.each([
    ['hour', '2026-11-27T15:00:00Z', '2026-12-04T15:00:00Z', true],
    ['hour', '2026-11-27T14:00:00Z', '2026-12-04T15:00:00Z', false],
    ['day', '2025-12-03T00:00:00Z', '2026-12-04T00:00:00Z', true],
    ['day', '2025-12-02T00:00:00Z', '2026-12-04T00:00:00Z', false],
    ['week', '2025-11-24T00:00:00Z', '2026-11-30T00:00:00Z', true],
    ['week', '2025-11-17T00:00:00Z', '2026-11-30T00:00:00Z', false],
  ] as const)('by %s from %s to %s is accepted: %s', (interval, from, to, accepted) => {
    const attempt = () => statisticsRange({ from: at(from), to: at(to), interval }, NOW);
    if (accepted) expect(attempt).not.toThrow();
    else expect(attempt).toThrow(ValidationError);
  });

  it('names from when the range is too large', () => {
    try {
      statisticsRange({ from: at('2020-01-01T00:00:00Z'), interval: 'hour' }, NOW);
      throw new Error('accepted');
    } catch (error) {
      expect((error as ValidationError).details).toEqual([{ field: 'from', message: expect.stringMatching(/at most 168/) }]);
    }
  });

  it('names from when a range without to starts after now', () => {
    expect(() => statisticsRange({ from: at('2027-01-01T00:00:00Z'), interval: 'day' }, NOW)).toThrow('from: must be earlier than now (the default of to)');
  });
});
