// A SendGrid-like sender of signed event webhooks, run as a child process by the fault tests
// (test/faults): it keeps posting while the server under test is killed, restarted or cut off
// from its database, and writes one JSON line per request to `outFile` once the request ends:
//   { n, ids, status, error, ms, body, timestamp, signature }
// `status` is the HTTP status when an answer came (else null, with `error`); `ids` the
// sg_event_ids of the body; `body`, `timestamp` and `signature` let the test re-send the very
// same signed post, as SendGrid does when it got no 2xx.
//
// Usage: node webhook-load.mjs '<config JSON>'   (see CONFIG below). It stops on SIGTERM, on
// the end of stdin, or at its limits, lets its requests in flight end, prints a summary line
// (JSON) on stdout and exits 0.
import { sign } from 'node:crypto';
import { appendFileSync } from 'node:fs';
import http from 'node:http';

const CONFIG = {
  url: '', // the webhook URL, http://127.0.0.1:<port>/api/v1/webhooks/sendgrid
  privateKeyPem: '', // the P-256 key whose public half the server has
  outFile: '',
  prefix: 'load', // sg_event_ids and addresses are <prefix>-<n>-<i>
  concurrency: 8,
  maxEventsPerRequest: 3,
  maxRequests: 20_000,
  maxDurationMs: 60_000,
  requestTimeoutMs: 15_000,
  ...JSON.parse(process.argv[2] ?? '{}'),
};

let stopping = false;
const stop = () => (stopping = true);
process.on('SIGTERM', stop);
process.stdin.on('end', stop).on('error', stop).resume();
const deadline = Date.now() + CONFIG.maxDurationMs;
const agent = new http.Agent({ keepAlive: true, maxSockets: CONFIG.concurrency });
const summary = { sent: 0, answered: 0, status2xx: 0, statuses: {}, noAnswer: 0 };

function signedPost(n) {
  const count = 1 + (n % CONFIG.maxEventsPerRequest);
  const timestamp = Math.floor(Date.now() / 1000);
  const events = [];
  for (let i = 0; i < count; i += 1) {
    const id = `${CONFIG.prefix}-${n}-${i}`;
    events.push({
      email: `${id}@example.com`,
      timestamp,
      'smtp-id': `<${id}@ismtpd-load>`,
      event: 'bounce',
      type: 'bounce',
      status: '5.1.1',
      reason: '550 5.1.1 The email account that you tried to reach does not exist',
      bounce_classification: 'Invalid Address',
      sg_event_id: id,
      sg_message_id: `${id}.filterdrecv-load.0`,
    });
  }
  const body = JSON.stringify(events);
  const signature = sign('sha256', Buffer.concat([Buffer.from(String(timestamp)), Buffer.from(body)]), {
    key: CONFIG.privateKeyPem,
    dsaEncoding: 'der',
  }).toString('base64');
  return { ids: events.map((event) => event.sg_event_id), body, timestamp: String(timestamp), signature };
}

function post({ body, timestamp, signature }) {
  return new Promise((resolve) => {
    const request = http.request(
      CONFIG.url,
      {
        method: 'POST',
        agent,
        signal: AbortSignal.timeout(CONFIG.requestTimeoutMs),
        headers: {
          'Content-Type': 'application/json',
          'Content-Length': Buffer.byteLength(body),
          'X-Twilio-Email-Event-Webhook-Signature': signature,
          'X-Twilio-Email-Event-Webhook-Timestamp': timestamp,
        },
      },
      (response) => {
        response.resume();
        response.on('end', () => resolve({ status: response.statusCode, error: null }));
        response.on('error', (error) => resolve({ status: null, error: error.code ?? error.message }));
      },
    );
    request.on('error', (error) => resolve({ status: null, error: error.name === 'AbortError' ? 'timeout' : (error.code ?? error.message) }));
    request.end(body);
  });
}

const delay = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function worker() {
  let failures = 0;
  while (!stopping && summary.sent < CONFIG.maxRequests && Date.now() < deadline) {
    const n = summary.sent;
    summary.sent += 1;
    const signed = signedPost(n);
    const started = Date.now();
    const { status, error } = await post(signed);
    appendFileSync(CONFIG.outFile, `${JSON.stringify({ n, ids: signed.ids, status, error, ms: Date.now() - started, ...signed })}\n`);
    if (status === null) {
      summary.noAnswer += 1;
    } else {
      summary.answered += 1;
      summary.statuses[status] = (summary.statuses[status] ?? 0) + 1;
      if (status >= 200 && status < 300) summary.status2xx += 1;
    }
    // As a provider does: back off while the server does not answer or asks to retry.
    failures = status !== null && status < 500 ? 0 : failures + 1;
    if (failures > 0) await delay(Math.min(500, 10 * 2 ** failures));
  }
}

await Promise.all(Array.from({ length: CONFIG.concurrency }, worker));
agent.destroy();
process.stdout.write(`${JSON.stringify(summary)}\n`);
process.exit(0);
