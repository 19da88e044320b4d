import { combineActivity, noActivity, type WebhookActivity, withOutcome } from './webhook-activity';

const at = (time: string) => new Date(`2026-03-01T${time}Z`);
const badSignature = { reason: 'bad_signature', status: 401, message: 'The Mailgun signature does not match' } as const;
const notConfigured = { reason: 'not_configured', status: 503, message: 'The Mailgun webhook is not configured: set MAILGUN_WEBHOOK_SIGNING_KEY' } as const;

describe('webhook activity', () => {
  it('starts with nothing received', () => {
    expect(noActivity('mailgun')).toEqual({ provider: 'mailgun', accepted: 0, refused: 0, lastAcceptedAt: null, lastRefusedAt: null, lastRefusal: null });
  });

  it('counts an accepted request and remembers when', () => {
    expect(withOutcome(noActivity('ses'), { kind: 'accepted', at: at('10:00:00') })).toMatchObject({ accepted: 1, refused: 0, lastAcceptedAt: at('10:00:00') });
  });

  it('counts a refused request and remembers when and why', () => {
    expect(withOutcome(noActivity('ses'), { kind: 'refused', at: at('10:00:00'), refusal: badSignature })).toMatchObject({
      accepted: 0,
      refused: 1,
      lastRefusedAt: at('10:00:00'),
      lastRefusal: badSignature,
    });
  });

  it('keeps the latest time even when an earlier outcome is added later', () => {
    const activity = [at('10:00:05'), at('10:00:01')].reduce((sum, time) => withOutcome(sum, { kind: 'accepted', at: time }), noActivity('sendgrid'));
    expect(activity).toMatchObject({ accepted: 2, lastAcceptedAt: at('10:00:05') });
  });

  it('combines two activities of a provider: counts add up, the latest times and the refusal of the latest refused request win', () => {
    const stored: WebhookActivity = {
      provider: 'mailgun',
      accepted: 40,
      refused: 2,
      lastAcceptedAt: at('10:00:00'),
      lastRefusedAt: at('10:00:09'),
      lastRefusal: notConfigured,
    };
    const delta: WebhookActivity = {
      provider: 'mailgun',
      accepted: 3,
      refused: 1,
      lastAcceptedAt: at('10:00:10'),
      lastRefusedAt: at('10:00:08'),
      lastRefusal: badSignature,
    };
    const expected = {
      provider: 'mailgun',
      accepted: 43,
      refused: 3,
      lastAcceptedAt: at('10:00:10'),
      lastRefusedAt: at('10:00:09'),
      lastRefusal: notConfigured,
    };
    expect(combineActivity(stored, delta)).toEqual(expected);
    expect(combineActivity(delta, stored)).toEqual(expected);
  });

  it('takes the refusal of a delta when nothing was refused before', () => {
    const delta = withOutcome(noActivity('mailgun'), { kind: 'refused', at: at('10:00:00'), refusal: badSignature });
    expect(combineActivity(noActivity('mailgun'), delta)).toEqual(delta);
  });

  it('refuses to combine the activities of two providers', () => {
    expect(() => combineActivity(noActivity('ses'), noActivity('mailgun'))).toThrow(/ses.*mailgun/);
  });
});
