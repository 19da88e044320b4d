import type { NestExpressApplication } from '@nestjs/platform-express';
import express, { type Request } from 'express';
import { WEBHOOK_RAW_BODIES } from '../../libs/bounce-handling/src';

/** What the API takes in one request; a suppression check of 1000 long addresses fits. */
export const API_BODY_LIMIT = '1mb';
/** A count of 10,000 sends, each address up to 254 characters. */
export const SENDS_BODY_LIMIT = '3mb';
/** Providers batch their events: a SendGrid post of thousands of events is normal. */
export const WEBHOOK_BODY_LIMIT = '10mb';

const keepRawBody = (request: Request & { rawBody?: Buffer }, _response: unknown, buffer: Buffer): void => {
  request.rawBody = buffer;
};

/**
 * JSON and form parsers with a limit per route family, each keeping the raw bytes (webhook
 * signatures are computed over them). Other content types (SNS's text/plain, multipart forms)
 * are left in the stream for the webhook that expects them. The app must be created with
 * `bodyParser: false` so that these are the only parsers.
 */
export function installBodyParsers(app: NestExpressApplication): void {
  // A webhook that reads some of its bodies itself (Mailgun: its JSON and forms) gets them raw.
  for (const { path, contentTypes } of WEBHOOK_RAW_BODIES) {
    app.use(path, express.raw({ type: [...contentTypes], limit: WEBHOOK_BODY_LIMIT, verify: keepRawBody }));
  }
  app.use(
    '/api/v1/webhooks',
    express.json({ limit: WEBHOOK_BODY_LIMIT, verify: keepRawBody }),
    express.urlencoded({ extended: false, limit: WEBHOOK_BODY_LIMIT, verify: keepRawBody }),
  );
  app.use('/api/v1/sends', express.json({ limit: SENDS_BODY_LIMIT, verify: keepRawBody }));
  // The API reads JSON only: any other body is left unread and answered 415 (JsonBodyGuard).
  app.use(express.json({ limit: API_BODY_LIMIT, verify: keepRawBody }));
}
