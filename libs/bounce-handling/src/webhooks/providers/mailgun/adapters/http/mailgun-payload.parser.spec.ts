import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type FormField, multipartBody, urlencodedBody } from '../../../../../../../../test/support/mailgun-signer';
import { MalformedWebhookError } from '../../../../domain/webhook.errors';
import { type MailgunPayload, parseMailgunPayload } from './mailgun-payload.parser';

const fixture = (name: string): string => readFileSync(join(__dirname, '__fixtures__', name), 'utf8');
const collidingFields = JSON.parse(fixture('legacy-colliding-variables.json')) as FormField[];

const formOf = (payload: MailgunPayload) => {
  if (payload.format !== 'form') throw new Error(`expected a form, got ${payload.format}`);
  return payload.form;
};

describe('parseMailgunPayload', () => {
  describe('JSON (current webhooks)', () => {
    it('reads the signature block and keeps event-data as sent', async () => {
      const body = JSON.parse(fixture('json-failed-permanent-no-id.json'));
      const payload = await parseMailgunPayload('application/json', Buffer.from(JSON.stringify(body)));
      expect(payload).toEqual({ format: 'json', signature: body.signature, eventData: body['event-data'] });
    });

    it('accepts a charset parameter, any case, and a byte-order mark', async () => {
      const payload = await parseMailgunPayload(
        'Application/JSON; charset=utf-8',
        Buffer.from('\ufeff{"signature":{"timestamp":1,"token":"t","signature":"s"},"event-data":{}}'),
      );
      expect(payload).toEqual({ format: 'json', signature: { timestamp: 1, token: 't', signature: 's' }, eventData: {} });
    });

    it('leaves the signature fields empty when the block is missing or not an object', async () => {
      for (const signature of [undefined, 'abc', ['a'], null]) {
        const payload = await parseMailgunPayload('application/json', Buffer.from(JSON.stringify({ signature, 'event-data': {} })));
        expect(payload.signature).toEqual({ timestamp: undefined, token: undefined, signature: undefined });
      }
    });

    it.each([
      ['unparsable JSON', '{"signature": '],
      ['an empty body', ''],
      ['a JSON array', '[{"event-data":{}}]'],
      ['a JSON string', '"event-data"'],
      ['JSON null', 'null'],
    ])('answers 406 to %s', async (_case, body) => {
      await expect(parseMailgunPayload('application/json', Buffer.from(body))).rejects.toThrow(MalformedWebhookError);
    });

    it('answers 406 to a body that is not UTF-8', async () => {
      const latin1 = Buffer.concat([Buffer.from('{"event-data":{"recipient":"caf'), Buffer.from([0xe9]), Buffer.from('@example.com"}}')]);
      await expect(parseMailgunPayload('application/json', latin1)).rejects.toThrow('The request body is not valid UTF-8');
    });
  });

  describe('legacy forms', () => {
    it('reads a raw urlencoded body itself, repeated fields in order, signature from the last values', async () => {
      const payload = await parseMailgunPayload('application/x-www-form-urlencoded', Buffer.from(fixture('legacy-colliding-variables.urlencoded.txt')));
      expect(formOf(payload).entries).toEqual(collidingFields);
      expect(formOf(payload).first('event')).toBe('bounced');
      expect(formOf(payload).first('recipient')).toBe('actual-recipient@example.com');
      expect(formOf(payload).first('ordinary field')).toBe('ordinary metadata value');
      expect(payload.signature).toEqual({
        timestamp: '1461261330',
        token: 'actual-event-token-6c96bafc3f42a66b9edd546347a2fe18dc2',
        signature: '0'.repeat(64),
      });
    });

    it('reads a multipart form alike, skipping attached files', async () => {
      const { contentType, body } = multipartBody(collidingFields, [
        { name: 'attachment-1', filename: 'bounce.eml', content: 'Subject: bounced\r\n\r\nevent=opened' },
      ]);
      const payload = await parseMailgunPayload(contentType, body);
      expect(formOf(payload).entries).toEqual(collidingFields);
      expect(payload.signature).toEqual({
        timestamp: '1461261330',
        token: 'actual-event-token-6c96bafc3f42a66b9edd546347a2fe18dc2',
        signature: '0'.repeat(64),
      });
    });

    it('decodes UTF-8 and percent-escapes in both encodings the same way', async () => {
      const fields: FormField[] = [
        ['event', 'bounced'],
        ['error', '550 Ünknown «user» & co = 100%'],
        ['recipient', 'josé@exämple.com'],
      ];
      const urlencoded = await parseMailgunPayload('application/x-www-form-urlencoded', Buffer.from(urlencodedBody(fields)));
      const { contentType, body } = multipartBody(fields);
      const multipart = await parseMailgunPayload(contentType, body);
      expect(formOf(urlencoded).entries).toEqual(fields);
      expect(formOf(multipart).entries).toEqual(fields);
    });

    it('has no signature fields when the form carries none', async () => {
      const payload = await parseMailgunPayload('application/x-www-form-urlencoded', Buffer.from('event=bounced'));
      expect(payload.signature).toEqual({ timestamp: null, token: null, signature: null });
    });

    it.each([
      ['a multipart type without a boundary', 'multipart/form-data', Buffer.from('--x\r\n')],
      ['a multipart body cut short', 'multipart/form-data; boundary=abc', Buffer.from('--abc\r\nContent-Disposition: form-data; name="event"\r\n\r\nbounced')],
      ['a multipart form of over 1000 fields', ...Object.values(multipartBody(Array.from({ length: 1001 }, (_, n): FormField => [`f${n}`, 'v'])))],
      ['an urlencoded form of over 1000 fields', 'application/x-www-form-urlencoded', Buffer.from(Array.from({ length: 1001 }, (_, n) => `f${n}=v`).join('&'))],
    ] as Array<[string, string, Buffer]>)('answers 406 to %s', async (_case, contentType, body) => {
      await expect(parseMailgunPayload(contentType, body)).rejects.toThrow(MalformedWebhookError);
    });
  });

  it.each([
    ['text/plain', 'text/plain'],
    ['application/xml', 'application/xml'],
    ['no content type', undefined],
  ])('answers 406 to a body of %s, naming the types Mailgun posts', async (_case, contentType) => {
    await expect(parseMailgunPayload(contentType, Buffer.from('{}'))).rejects.toThrow(
      /application\/json, application\/x-www-form-urlencoded, multipart\/form-data/,
    );
  });
});
