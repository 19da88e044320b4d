import { DEFAULT_DELIVERY_SCHEDULE, nextAttempt } from './delivery-schedule';

const event = new Date('2026-01-10T12:00:00Z');
const at = (seconds: number) => new Date(event.getTime() + seconds * 1000);

describe('nextAttempt', () => {
  it.each([
    // attempts made, seconds since the event, random in [0, 1), expected seconds after now (null: dead)
    { attempts: 1, since: 0, random: 0.5, after: 2.5 },
    { attempts: 1, since: 0, random: 0, after: 0 },
    { attempts: 2, since: 10, random: 0.5, after: 5 },
    { attempts: 3, since: 20, random: 0.5, after: 10 },
    { attempts: 4, since: 40, random: 0.25, after: 10 },
    { attempts: 10, since: 3000, random: 0.5, after: 1280 },
    { attempts: 11, since: 6000, random: 0.5, after: 1800 },
    { attempts: 50, since: 20_000, random: 0.5, after: 1800 },
    { attempts: 2_000, since: 20_000, random: 0.75, after: 2700 },
  ])(
    'waits up to 5 s doubled per attempt, capped at an hour, jittered in full: attempt $attempts, random $random → $after s',
    ({ attempts, since, random, after }) => {
      const decision = nextAttempt({ attempts, eventAt: event, now: at(since) }, DEFAULT_DELIVERY_SCHEDULE, () => random);
      expect(decision).toEqual({ kind: 'retry', at: new Date(at(since).getTime() + Math.round(after * 1000)) });
    },
  );

  it('never waits longer than the cap, however close to 1 the random number', () => {
    const decision = nextAttempt({ attempts: 30, eventAt: event, now: at(100) }, DEFAULT_DELIVERY_SCHEDULE, () => 1 - Number.EPSILON);
    expect(decision).toEqual({ kind: 'retry', at: new Date(at(100 + 3600).getTime() - 1) });
  });

  it.each([
    { since: 24 * 3600, attempts: 30 },
    { since: 24 * 3600 + 1, attempts: 30 },
    { since: 30 * 24 * 3600, attempts: 2 },
  ])('gives up once 24 h have passed since the event ($since s, attempt $attempts)', ({ since, attempts }) => {
    expect(nextAttempt({ attempts, eventAt: event, now: at(since) }, DEFAULT_DELIVERY_SCHEDULE, () => 0.5)).toEqual({ kind: 'dead' });
  });

  it('makes its last attempt at the 24 h mark rather than after it', () => {
    const decision = nextAttempt({ attempts: 20, eventAt: event, now: at(24 * 3600 - 60) }, DEFAULT_DELIVERY_SCHEDULE, () => 0.999_999);
    expect(decision).toEqual({ kind: 'retry', at: at(24 * 3600) });
  });

  it('takes another schedule: 10 ms doubling to 40 ms, giving up after a second', () => {
    const schedule = { baseDelayMs: 10, maxDelayMs: 40, giveUpAfterMs: 1000 };
    expect(nextAttempt({ attempts: 5, eventAt: event, now: at(0.1) }, schedule, () => 0.5)).toEqual({ kind: 'retry', at: new Date(at(0.1).getTime() + 20) });
    expect(nextAttempt({ attempts: 5, eventAt: event, now: at(1) }, schedule, () => 0)).toEqual({ kind: 'dead' });
  });
});
