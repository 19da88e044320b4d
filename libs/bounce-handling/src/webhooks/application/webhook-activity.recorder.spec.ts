import { Logger } from '@nestjs/common';
import type { Clock } from '../../shared/application/ports/clock.port';
import { InMemoryWebhookActivityRepository } from '../../testing';
import type { WebhookActivity, WebhookOutcome, WebhookRefusal } from '../domain/webhook-activity';
import { WEBHOOK_ACTIVITY_MAX_WAIT_MS, WEBHOOK_ACTIVITY_WRITE_INTERVAL_MS, WebhookActivityRecorder } from './webhook-activity.recorder';

/** A repository whose writes wait until the test lets them finish. */
class SlowWebhookActivityRepository extends InMemoryWebhookActivityRepository {
  inProgress = 0;
  maxInProgress = 0;
  private release: (() => void) | null = null;
  private gate: Promise<void> | null = null;

  hold(): void {
    this.gate = new Promise((resolve) => (this.release = resolve));
  }

  letGo(): void {
    this.release?.();
    this.gate = null;
  }

  override async add(deltas: readonly WebhookActivity[]): Promise<void> {
    this.inProgress += 1;
    this.maxInProgress = Math.max(this.maxInProgress, this.inProgress);
    try {
      if (this.gate) await this.gate;
      await super.add(deltas);
    } finally {
      this.inProgress -= 1;
    }
  }
}

describe('WebhookActivityRecorder', () => {
  const start = new Date('2026-03-01T10:00:00Z');
  // jest's fake timers move Date too: this clock follows them.
  const clock: Clock = { now: () => new Date() };
  const badSignature: WebhookRefusal = { reason: 'bad_signature', status: 401, message: 'The Mailgun signature does not match' };
  const accepted = (): WebhookOutcome => ({ kind: 'accepted', at: clock.now() });
  const refused = (refusal: WebhookRefusal = badSignature): WebhookOutcome => ({ kind: 'refused', at: clock.now(), refusal });
  const wait = (ms: number) => jest.advanceTimersByTimeAsync(ms);
  let repository: SlowWebhookActivityRepository;
  let recorder: WebhookActivityRecorder;
  let warn: jest.SpyInstance;

  beforeEach(() => {
    jest.useFakeTimers({ now: start });
    warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    repository = new SlowWebhookActivityRepository();
    recorder = new WebhookActivityRecorder(repository, clock);
  });

  afterEach(() => {
    warn.mockRestore();
    jest.useRealTimers();
  });

  const acceptedCount = (provider: 'ses' | 'mailgun' | 'sendgrid') => repository.stored.get(provider)?.accepted ?? 0;

  it('writes the first outcome after a quiet period before it resolves', async () => {
    await recorder.record('mailgun', accepted());
    expect(repository.writes).toEqual([[{ provider: 'mailgun', accepted: 1, refused: 0, lastAcceptedAt: start, lastRefusedAt: null, lastRefusal: null }]]);
  });

  it('keeps outcomes that follow a write within a second in memory, and writes them together once the second is over', async () => {
    await recorder.record('mailgun', accepted());
    await wait(200);
    await recorder.record('mailgun', accepted());
    await wait(300);
    await recorder.record('mailgun', refused());
    expect(repository.writes).toHaveLength(1);

    await wait(WEBHOOK_ACTIVITY_WRITE_INTERVAL_MS - 500 - 1);
    expect(repository.writes).toHaveLength(1);
    await wait(1);
    expect(repository.writes).toEqual([
      [expect.objectContaining({ accepted: 1 })],
      [
        {
          provider: 'mailgun',
          accepted: 1,
          refused: 1,
          lastAcceptedAt: new Date(start.getTime() + 200),
          lastRefusedAt: new Date(start.getTime() + 500),
          lastRefusal: badSignature,
        },
      ],
    ]);
  });

  it('writes a provider at most once a second under a steady stream of outcomes, losing none', async () => {
    for (let n = 0; n < 200; n += 1) {
      await recorder.record('sendgrid', accepted());
      await wait(25);
    }
    await wait(WEBHOOK_ACTIVITY_WRITE_INTERVAL_MS);
    // 200 outcomes over 5 s: the first at once, then one write a second.
    expect(repository.writes.length).toBeGreaterThanOrEqual(5);
    expect(repository.writes.length).toBeLessThanOrEqual(6);
    expect(acceptedCount('sendgrid')).toBe(200);
  });

  it('writes the first outcome after a new quiet period at once again', async () => {
    await recorder.record('mailgun', accepted());
    await wait(WEBHOOK_ACTIVITY_WRITE_INTERVAL_MS);
    await recorder.record('mailgun', refused());
    expect(repository.writes).toHaveLength(2);
    expect(repository.stored.get('mailgun')).toMatchObject({ accepted: 1, refused: 1, lastRefusal: badSignature });
  });

  it('counts each provider apart: the first outcome of another provider is written at once', async () => {
    await recorder.record('ses', accepted());
    await recorder.record('mailgun', accepted());
    await recorder.record('sendgrid', refused({ reason: 'not_configured', status: 503, message: 'not configured' }));
    expect(repository.writes.map((write) => write.map((delta) => delta.provider))).toEqual([['ses'], ['mailgun'], ['sendgrid']]);
  });

  it('keeps the latest refusal of those it kept', async () => {
    await recorder.record('ses', accepted());
    await recorder.record('ses', refused({ reason: 'unknown_topic', status: 403, message: 'not our topic' }));
    await wait(10);
    await recorder.record('ses', refused({ reason: 'malformed', status: 400, message: 'not an SNS message' }));
    await wait(WEBHOOK_ACTIVITY_WRITE_INTERVAL_MS);
    expect(repository.stored.get('ses')).toMatchObject({
      accepted: 1,
      refused: 2,
      lastRefusal: { reason: 'malformed', status: 400, message: 'not an SNS message' },
    });
  });

  it('never writes a provider twice at the same time: outcomes that arrive during a slow write wait for the next one', async () => {
    repository.hold();
    const first = recorder.record('mailgun', accepted());
    await wait(WEBHOOK_ACTIVITY_WRITE_INTERVAL_MS * 3);
    const second = recorder.record('mailgun', accepted());
    await expect(second).resolves.toBeUndefined(); // not held up by the slow write
    await wait(WEBHOOK_ACTIVITY_WRITE_INTERVAL_MS * 3);
    expect(repository.inProgress).toBe(1);
    repository.letGo();
    await first;
    await wait(WEBHOOK_ACTIVITY_WRITE_INTERVAL_MS);
    expect(repository.maxInProgress).toBe(1);
    expect(repository.writes).toHaveLength(2);
    expect(acceptedCount('mailgun')).toBe(2);
  });

  it('lets the caller go after a second when a write hangs, and finishes the write later', async () => {
    repository.hold();
    let resolved = false;
    const first = recorder.record('mailgun', accepted()).then(() => (resolved = true));
    await wait(WEBHOOK_ACTIVITY_MAX_WAIT_MS - 1);
    expect(resolved).toBe(false);
    await wait(1);
    expect(resolved).toBe(true);
    await first;
    repository.letGo();
    await wait(0);
    expect(acceptedCount('mailgun')).toBe(1);
  });

  it('never fails the caller when a write fails, and writes the outcomes it could not write later', async () => {
    repository.failure = new Error('connect ECONNREFUSED 127.0.0.1:5432');
    await expect(recorder.record('mailgun', accepted())).resolves.toBeUndefined();
    await recorder.record('mailgun', refused());
    expect(repository.stored.size).toBe(0);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0][0]).toContain('ECONNREFUSED');

    await wait(WEBHOOK_ACTIVITY_WRITE_INTERVAL_MS); // a retry, failing again: no second warning
    expect(repository.writes).toHaveLength(2);
    expect(warn).toHaveBeenCalledTimes(1);

    repository.failure = null;
    await wait(WEBHOOK_ACTIVITY_WRITE_INTERVAL_MS);
    expect(repository.stored.get('mailgun')).toMatchObject({ accepted: 1, refused: 1 });
    await wait(WEBHOOK_ACTIVITY_WRITE_INTERVAL_MS * 5);
    expect(repository.writes).toHaveLength(3); // nothing left to retry
  });

  it('writes what it kept on flush, and nothing when nothing is kept', async () => {
    await recorder.flush();
    expect(repository.writes).toEqual([]);
    await recorder.record('mailgun', accepted());
    await recorder.record('mailgun', accepted());
    await recorder.record('ses', accepted());
    await recorder.record('ses', accepted());
    await recorder.flush();
    expect(repository.writes).toHaveLength(4);
    expect([acceptedCount('mailgun'), acceptedCount('ses')]).toEqual([2, 2]);
    await wait(WEBHOOK_ACTIVITY_WRITE_INTERVAL_MS * 2);
    expect(repository.writes).toHaveLength(4);
  });

  it('writes what it kept when the application shuts down, then every outcome before it resolves', async () => {
    await recorder.record('mailgun', accepted());
    await recorder.record('mailgun', accepted());
    await recorder.beforeApplicationShutdown();
    expect(acceptedCount('mailgun')).toBe(2);

    // Requests still in flight while the server stops: each is written before it is answered.
    await recorder.record('mailgun', accepted());
    expect(acceptedCount('mailgun')).toBe(3);
    await recorder.record('mailgun', refused());
    expect(repository.stored.get('mailgun')).toMatchObject({ accepted: 3, refused: 1 });
    expect(jest.getTimerCount()).toBe(0);
  });
});
