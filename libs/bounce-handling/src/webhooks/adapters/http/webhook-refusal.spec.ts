import { PayloadTooLargeException, UnsupportedMediaTypeException } from '@nestjs/common';
import { ApiExceptionFilter } from '../../../shared/adapters/http/api-exception.filter';
import { SnsUnreachableError } from '../../providers/ses/application/ports/sns-unreachable.error';
import { MalformedWebhookError, WebhookNotAllowedError, WebhookNotConfiguredError, WebhookSignatureError } from '../../domain/webhook.errors';
import { WebhookExceptionFilter } from './webhook-exception.filter';
import { refusalOf } from './webhook-refusal';

describe('refusalOf', () => {
  const filter = new ApiExceptionFilter();
  /** The refusal of an error, as the webhooks' error filter answers it. */
  const refusalOfError = (error: unknown) => {
    const { status, body } = filter.describe(error);
    return refusalOf(status, body.error);
  };

  it.each<[string, unknown, string, number]>([
    ['a webhook whose secret is not set', new WebhookNotConfiguredError('Mailgun', 'MAILGUN_WEBHOOK_SIGNING_KEY'), 'not_configured', 503],
    ['a missing or wrong signature', new WebhookSignatureError('The Mailgun signature does not match'), 'bad_signature', 401],
    [
      'an SNS topic that is not allowed',
      new WebhookNotAllowedError('SNS topic arn:aws:sns:eu-west-1:123456789012:other is not in SES_TOPIC_ARNS'),
      'unknown_topic',
      403,
    ],
    [
      'a body that is not what the provider sends',
      new MalformedWebhookError('The SendGrid event webhook body must be a JSON array of events'),
      'malformed',
      400,
    ],
    ['a body over the limit', new PayloadTooLargeException('The request body is over 1048576 bytes'), 'too_large', 413],
    ['a body of a content type not read', new UnsupportedMediaTypeException('Unsupported content type'), 'unsupported_media_type', 415],
    ["a body parser's malformed JSON", Object.assign(new Error('The request body is not valid JSON'), { status: 400, expose: true }), 'malformed', 400],
  ])('counts %s as refused, with the reason, status and message of the answer', (_case, error, reason, status) => {
    expect(refusalOfError(error)).toEqual({ reason, status, message: (error as Error).message });
  });

  it("counts a body Mailgun's webhook cannot read (406) as malformed", () => {
    const { status, body } = new WebhookExceptionFilter(406).describe(new MalformedWebhookError('The request body is not valid JSON'));
    expect(refusalOf(status, body.error)).toEqual({ reason: 'malformed', status: 406, message: 'The request body is not valid JSON' });
  });

  it('counts any other 4xx as refused for another reason', () => {
    expect(refusalOf(409, { code: 'CONFLICT', message: 'conflict' })).toEqual({ reason: 'other', status: 409, message: 'conflict' });
  });

  it.each<[string, unknown]>([
    ['the database is unreachable (503, the provider retries)', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })],
    ['AWS is unreachable (the SNS filter answers 503)', new SnsUnreachableError('sns.eu-west-1.amazonaws.com did not answer')],
    ['an unexpected error (500)', new TypeError('undefined is not a function')],
  ])('does not count it as refused when %s', (_case, error) => {
    expect(refusalOfError(error)).toBeNull();
  });

  it('keeps at most 500 characters of a message', () => {
    const refusal = refusalOf(403, { code: 'FORBIDDEN', message: `SNS topic ${'x'.repeat(2000)} is not in SES_TOPIC_ARNS` });
    expect(refusal?.message).toHaveLength(500);
    expect(refusal?.message.endsWith('…')).toBe(true);
  });
});
