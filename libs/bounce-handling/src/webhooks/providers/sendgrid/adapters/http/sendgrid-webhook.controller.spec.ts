import { Logger } from '@nestjs/common';
import type { Request } from 'express';
import type { BouncesFacade, DeliveryEvent, IngestOutcome } from '../../../../../bounces/application/bounces.facade';
import { WebhookSettings } from '../../../../application/webhook-settings';
import { MalformedWebhookError, WebhookSignatureError } from '../../../../domain/webhook.errors';
import { SENDGRID_WEBHOOK_PROVIDER } from '../../sendgrid.webhook-provider';
import * as fx from './__fixtures__/sendgrid-events.fixtures';
import type { SendGridSignatureVerifier } from './sendgrid-signature.verifier';
import { SendGridWebhookController } from './sendgrid-webhook.controller';

type Answer = (events: readonly DeliveryEvent[]) => IngestOutcome[] | Promise<IngestOutcome[]>;
const recordAll: Answer = (events) => events.map((_, index) => ({ result: 'recorded', bounceId: index + 1, decision: 'suppress' }));

function setUp(answer: Answer = recordAll) {
  const ingest = jest.fn((events: readonly DeliveryEvent[]) => Promise.resolve(answer(events)));
  const verify = jest.fn();
  const settings = new WebhookSettings([SENDGRID_WEBHOOK_PROVIDER], { sendgrid: { publicKey: 'sendgrid-key' } });
  const controller = new SendGridWebhookController({ verify } as unknown as SendGridSignatureVerifier, { ingest } as unknown as BouncesFacade, settings);
  const warnings: string[] = [];
  jest.spyOn(Logger.prototype, 'warn').mockImplementation((message: unknown) => void warnings.push(String(message)));
  /** A request as the host's JSON parser leaves it: the parsed body and its exact bytes. */
  const post = (body: unknown, raw = Buffer.from(JSON.stringify(body))) =>
    controller.receive({ body, rawBody: raw } as unknown as Request & { rawBody: Buffer }, 'signature', '1767960000');
  return { controller, ingest, verify, warnings, post };
}

afterEach(() => jest.restoreAllMocks());

describe('SendGridWebhookController', () => {
  it('ingests a whole batch in one call, in the order posted, and counts each outcome', async () => {
    const { ingest, post } = setUp((events) =>
      events.map((event, index) =>
        event.kind === 'delivery'
          ? { result: 'applied', decision: 'reset' }
          : index === 1
            ? { result: 'duplicate' }
            : { result: 'recorded', bounceId: index, decision: 'suppress' },
      ),
    );
    const answer = await post([fx.HARD_BOUNCE, fx.BLOCKED_BOUNCE, fx.OPEN, fx.DELIVERED, fx.SPAM_REPORT, fx.DROPPED_SPAM_CONTENT]);
    expect(ingest).toHaveBeenCalledTimes(1);
    expect(ingest.mock.calls[0][0].map((event) => [event.kind, event.email.value])).toEqual([
      ['bounce', 'john@example.com'],
      ['bounce', 'a@example.com'],
      ['delivery', 'john@example.com'],
      ['complaint', 'c@example.com'],
    ]);
    expect(answer).toEqual({ success: true, data: { received: 6, recorded: 2, duplicates: 1, ignored: 3 } });
  });

  it('ingests a batch of a thousand events in one call', async () => {
    const { ingest, post } = setUp();
    const batch = Array.from({ length: 1000 }, (_, i) => ({ ...fx.HARD_BOUNCE, email: `user${i}@example.com`, sg_event_id: `e${i}` }));
    expect((await post(batch)).data).toEqual({ received: 1000, recorded: 1000, duplicates: 0, ignored: 0 });
    expect(ingest).toHaveBeenCalledTimes(1);
    expect(ingest.mock.calls[0][0]).toHaveLength(1000);
  });

  it('verifies the signature over the raw bytes before reading the body', async () => {
    const { verify, ingest, controller } = setUp();
    verify.mockImplementation(() => {
      throw new WebhookSignatureError('no');
    });
    const raw = Buffer.from('[{"event":"bounce"}]\n');
    await expect(controller.receive({ body: 'not looked at', rawBody: raw } as unknown as Request, 'sig', '123')).rejects.toThrow(WebhookSignatureError);
    expect(verify).toHaveBeenCalledWith('sig', '123', raw);
    expect(ingest).not.toHaveBeenCalled();
  });

  it('does not answer before the ingestion has committed', async () => {
    let commit!: (outcomes: IngestOutcome[]) => void;
    const { post } = setUp(() => new Promise((resolve) => (commit = resolve)));
    let answered = false;
    const answer = post([fx.HARD_BOUNCE]).then((value) => {
      answered = true;
      return value;
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(answered).toBe(false);
    commit([{ result: 'recorded', bounceId: 1, decision: 'suppress' }]);
    expect((await answer).data.recorded).toBe(1);
  });

  it('propagates a failed ingestion (the filter answers 503 for a database outage, so SendGrid retries)', async () => {
    const { post } = setUp(() => Promise.reject(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })));
    await expect(post([fx.HARD_BOUNCE])).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });

  it.each([
    ['an object', { events: [fx.HARD_BOUNCE] }],
    ['a single event', fx.HARD_BOUNCE],
    ['a string', 'bounce'],
    ['a number', 42],
    ['null', null],
  ])('refuses a body that is %s, not an array, as malformed', async (_case, body) => {
    const { post, ingest } = setUp();
    await expect(post(body)).rejects.toThrow(MalformedWebhookError);
    await expect(post(body)).rejects.toThrow('must be a JSON array');
    expect(ingest).not.toHaveBeenCalled();
  });

  it('reads a body that no JSON parser took (another content type) from its raw bytes', async () => {
    const { post } = setUp();
    expect((await post(undefined, Buffer.from(JSON.stringify([fx.HARD_BOUNCE])))).data).toMatchObject({ received: 1, recorded: 1 });
  });

  it('refuses raw bytes that are not JSON as malformed', async () => {
    const { post, ingest } = setUp();
    await expect(post(undefined, Buffer.from('email=a@example.com&event=bounce'))).rejects.toThrow('not valid JSON');
    expect(ingest).not.toHaveBeenCalled();
  });

  it('answers an empty batch with zeros', async () => {
    const { post } = setUp();
    expect((await post([])).data).toEqual({ received: 0, recorded: 0, duplicates: 0, ignored: 0 });
  });

  it('skips elements that are not objects, counts them as ignored and logs their positions, keeping the rest of the batch', async () => {
    const { post, ingest, warnings } = setUp();
    const answer = await post([null, fx.HARD_BOUNCE, 42, 'x', [fx.SPAM_REPORT]]);
    expect(answer.data).toEqual({ received: 5, recorded: 1, duplicates: 0, ignored: 4 });
    expect(ingest.mock.calls[0][0]).toHaveLength(1);
    expect(warnings).toEqual([expect.stringMatching(/4 batch element\(s\) that are not objects: #0 \(null\), #2 \(number\), #3 \(string\), #4 \(array\)/)]);
  });

  it('skips a bounce without a usable address, logging its position but not the value', async () => {
    const { post, warnings } = setUp();
    const answer = await post([{ ...fx.HARD_BOUNCE, email: 'secret.person@' }, fx.SPAM_REPORT]);
    expect(answer.data).toEqual({ received: 2, recorded: 1, duplicates: 0, ignored: 1 });
    expect(warnings).toEqual([expect.stringContaining('1 event(s) with no usable email: #0 (bounce)')]);
    expect(warnings.join()).not.toContain('secret.person');
  });

  it('logs each duplicate with its key and event type, never the address', async () => {
    const { post, warnings } = setUp((events) =>
      events.map((_, index) => (index === 0 ? { result: 'recorded', bounceId: 1, decision: 'suppress' } : { result: 'duplicate' })),
    );
    const answer = await post([fx.REUSED_ID_BOUNCE, fx.REUSED_ID_SPAM_REPORT]);
    expect(answer.data).toEqual({ received: 2, recorded: 1, duplicates: 1, ignored: 0 });
    expect(warnings).toEqual([expect.stringContaining(`1 event(s) already recorded under the same key, not stored again: ${fx.REUSED_EVENT_ID} (spamreport)`)]);
    expect(warnings.join()).not.toMatch(/@/);
  });

  it('bounds the log of a batch full of duplicates', async () => {
    const { post, warnings } = setUp((events) => events.map(() => ({ result: 'duplicate' })));
    const batch = Array.from({ length: 500 }, (_, i) => ({ ...fx.HARD_BOUNCE, sg_event_id: `e${i}` }));
    expect((await post(batch)).data.duplicates).toBe(500);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('e19 (bounce) and 480 more');
    expect(warnings[0]).not.toContain('e20 ');
  });

  it('counts a delivery report, which stores no bounce, as ignored', async () => {
    const { post } = setUp(() => [{ result: 'applied', decision: 'reset' }]);
    expect((await post([fx.DELIVERED])).data).toEqual({ received: 1, recorded: 0, duplicates: 0, ignored: 1 });
  });
});
