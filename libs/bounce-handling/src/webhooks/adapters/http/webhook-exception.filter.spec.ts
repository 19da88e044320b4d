import { MalformedWebhookError, WebhookSignatureError } from '../../domain/webhook.errors';
import { WebhookExceptionFilter } from './webhook-exception.filter';

describe('WebhookExceptionFilter', () => {
  it.each<[number, string]>([
    [400, 'VALIDATION_ERROR'],
    [406, 'NOT_ACCEPTABLE'],
  ])('answers a payload that cannot be read with the provider’s status %i (%s)', (status, code) => {
    const described = new WebhookExceptionFilter(status as 400 | 406).describe(new MalformedWebhookError('"event-data" must be an object'));
    expect(described).toEqual({ status, body: { success: false, error: { code, message: '"event-data" must be an object' } } });
  });

  it('answers every other error as the API does', () => {
    const described = new WebhookExceptionFilter(406).describe(new WebhookSignatureError('The Mailgun signature does not match'));
    expect(described).toEqual({ status: 401, body: { success: false, error: { code: 'UNAUTHORIZED', message: 'The Mailgun signature does not match' } } });
  });
});
