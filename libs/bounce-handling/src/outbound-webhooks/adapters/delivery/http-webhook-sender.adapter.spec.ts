import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import type { OutgoingWebhook } from '../../application/ports/webhook-sender.port';
import { HttpWebhookSender } from './http-webhook-sender.adapter';

const SECRET = `whsec_${Buffer.from('a secret of thirty-two bytes....').toString('base64')}`;

interface Received {
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
}

/** A receiver on 127.0.0.1 answering each request as `answer` says. */
async function receiver(answer: (response: http.ServerResponse, count: number) => void) {
  const received: Received[] = [];
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      answer(response, received.length);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    received,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const webhook = (url: string): OutgoingWebhook => ({
  url,
  secret: SECRET,
  messageId: 'msg_2f6c1b1e6d7a4c0f',
  type: 'bounce.recorded',
  occurredAt: new Date('2026-01-10T12:00:00Z'),
  data: { bounce_id: 42, email: 'someone@example.com', bounce_type: 'hard' },
});

const clock = { now: () => new Date() };

describe('HttpWebhookSender', () => {
  let closers: (() => unknown)[] = [];
  afterEach(async () => {
    for (const close of closers) await close();
    closers = [];
  });
  const started = async (answer: Parameters<typeof receiver>[0]) => {
    const server = await receiver(answer);
    closers.push(server.close);
    return server;
  };
  const sender = (options: Partial<ConstructorParameters<typeof HttpWebhookSender>[1]> = {}) => {
    const created = new HttpWebhookSender(clock, { allowInsecure: true, ...options });
    closers.push(() => created.close());
    return created;
  };

  it('POSTs { type, timestamp, data } signed so that standardwebhooks verifies it with the endpoint secret', async () => {
    const server = await started((response) => response.writeHead(204).end());

    const result = await sender().send(webhook(server.url));

    expect(result).toMatchObject({ outcome: 'delivered', statusCode: 204 });
    const [{ headers, body }] = server.received;
    const verified = new Webhook(SECRET).verify(body, {
      'webhook-id': String(headers['webhook-id']),
      'webhook-timestamp': String(headers['webhook-timestamp']),
      'webhook-signature': String(headers['webhook-signature']),
    });
    expect(verified).toEqual({
      type: 'bounce.recorded',
      timestamp: '2026-01-10T12:00:00.000Z',
      data: { bounce_id: 42, email: 'someone@example.com', bounce_type: 'hard' },
    });
    expect(headers['webhook-id']).toBe('msg_2f6c1b1e6d7a4c0f');
    expect(headers['content-type']).toBe('application/json');
    expect(String(headers['webhook-signature'])).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
  });

  it('a signature made with another secret does not verify', async () => {
    const server = await started((response) => response.writeHead(200).end());
    await sender().send(webhook(server.url));
    const [{ headers, body }] = server.received;
    const other = new Webhook(`whsec_${Buffer.from('another secret of 32 bytes......').toString('base64')}`);
    expect(() =>
      other.verify(body, {
        'webhook-id': String(headers['webhook-id']),
        'webhook-timestamp': String(headers['webhook-timestamp']),
        'webhook-signature': String(headers['webhook-signature']),
      }),
    ).toThrow();
  });

  it('fails on a 3xx without following it', async () => {
    const server = await started((response, count) =>
      count === 1 ? response.writeHead(302, { location: '/elsewhere' }).end() : response.writeHead(200).end(),
    );

    const result = await sender().send(webhook(server.url));

    expect(result).toMatchObject({ outcome: 'failed', statusCode: 302 });
    expect(server.received).toHaveLength(1);
  });

  it.each([400, 410, 500, 503])('fails on a %i', async (status) => {
    const server = await started((response) => response.writeHead(status).end('no'));
    expect(await sender().send(webhook(server.url))).toMatchObject({ outcome: 'failed', statusCode: status });
  });

  it('fails with no status when the receiver does not answer in time', async () => {
    const server = await started(() => undefined); // never answers

    const result = await sender({ timeoutMs: 200 }).send(webhook(server.url));

    expect(result).toMatchObject({ outcome: 'failed', statusCode: null, error: 'No answer within 200 ms' });
  });

  it('reads no more than a few KB of an endless answer, and is done', async () => {
    const server = await started((response) => {
      response.writeHead(200);
      // Writes until the sender hangs up; a sender reading all of it would never finish.
      const write = () => {
        if (response.write(Buffer.alloc(64 * 1024))) setImmediate(write);
        else response.once('drain', write);
      };
      write();
    });

    const result = await sender({ timeoutMs: 30_000 }).send(webhook(server.url));

    expect(result).toMatchObject({ outcome: 'delivered', statusCode: 200 });
  });

  it('refuses an http URL unless insecure destinations are allowed', async () => {
    const server = await started((response) => response.writeHead(200).end());

    const result = await sender({ allowInsecure: false }).send(webhook(server.url));

    expect(result).toMatchObject({ outcome: 'failed', statusCode: null, error: 'url must be an https URL' });
    expect(server.received).toHaveLength(0);
  });

  it.each(['https://127.0.0.1/hooks', 'https://[::1]/hooks', 'https://169.254.169.254/latest/meta-data', 'https://localhost/hooks'])(
    'refuses %s, not a public address, unless insecure destinations are allowed',
    async (url) => {
      const result = await sender({ allowInsecure: false }).send(webhook(url));
      expect(result).toMatchObject({ outcome: 'failed', statusCode: null, error: expect.stringMatching(/public address/) });
    },
  );

  it('fails, never throws, when nothing listens', async () => {
    const server = await started((response) => response.writeHead(200).end());
    await server.close();
    closers = [];
    expect(await sender().send(webhook(server.url))).toMatchObject({ outcome: 'failed', statusCode: null, error: expect.stringContaining('ECONNREFUSED') });
  });
});
