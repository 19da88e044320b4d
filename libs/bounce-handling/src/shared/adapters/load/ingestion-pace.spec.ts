import { IngestionPace } from './ingestion-pace';

describe('IngestionPace', () => {
  let now: number;
  let pace: IngestionPace;

  beforeEach(() => {
    now = 10_000;
    pace = new IngestionPace(() => now);
  });

  it('counts the reports ingested over the last second', () => {
    pace.add(3);
    now += 400;
    pace.add(5);
    expect(pace.perSecond()).toBe(8);
  });

  it('forgets what was ingested more than a second ago, slice by slice', () => {
    pace.add(3);
    now += 500;
    pace.add(5);
    now += 600;
    expect(pace.perSecond()).toBe(5);
    now += 500;
    expect(pace.perSecond()).toBe(0);
  });

  it('forgets everything after a long quiet', () => {
    pace.add(7);
    now += 60_000;
    expect(pace.perSecond()).toBe(0);
    pace.add(2);
    expect(pace.perSecond()).toBe(2);
  });
});
