/** Request examples for Swagger: SNS envelopes as SNS posts them (signatures abridged). */
const sesBounce = {
  eventType: 'Bounce',
  bounce: {
    bounceType: 'Permanent',
    bounceSubType: 'General',
    bouncedRecipients: [{ emailAddress: 'invalid@example.com', action: 'failed', status: '5.1.1', diagnosticCode: 'smtp; 550 5.1.1 user unknown' }],
    timestamp: '2026-01-10T12:00:00.000Z',
    feedbackId: '0102017f1c6e8a2b-6c2b7f2e-1b7c-4d2e-9d1e-0d5d1f8c1c1e-000000',
    reportingMTA: 'dsn; a1-2.smtp-out.eu-west-1.amazonses.com',
  },
  mail: {
    timestamp: '2026-01-10T11:59:58.000Z',
    source: 'news@mailpass.example',
    messageId: '0102017f1c6e7d4e-1d0f0c4a-3f0b-4a57-8c7d-0e3b1f1a2b3c-000000',
    destination: ['invalid@example.com'],
    tags: { 'ses:configuration-set': ['mailpass'], campaign_id: ['newsletter-2026-01'] },
  },
};

const signature = {
  SignatureVersion: '2',
  Signature: 'EXAMPLE…base64…',
  SigningCertURL: 'https://sns.eu-west-1.amazonaws.com/SimpleNotificationService-01d088a6f77103d0fe307c0069e40ed6.pem',
};

export const SES_WEBHOOK_EXAMPLES = {
  bounce: {
    summary: 'Notification: an SES bounce (configuration-set event publishing)',
    value: {
      Type: 'Notification',
      MessageId: '22b80b92-fdea-4c2c-8f9d-bdfb0c7bf324',
      TopicArn: 'arn:aws:sns:eu-west-1:123456789012:ses-events',
      Message: JSON.stringify(sesBounce),
      Timestamp: '2026-01-10T12:00:01.000Z',
      ...signature,
      UnsubscribeURL: 'https://sns.eu-west-1.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=arn:aws:sns:eu-west-1:123456789012:ses-events:c9135db0',
    },
  },
  subscription: {
    summary: 'SubscriptionConfirmation: confirmed by fetching SubscribeURL',
    value: {
      Type: 'SubscriptionConfirmation',
      MessageId: '165545c9-2a5c-472c-8df2-7ff2be2b3b1b',
      Token:
        '2336412f37fb687f5d51e6e241d09c805a5a57b30d712f794cc5f6a988666d92768dd60a747ba6f3beb71854e285d6ad02428b09ceece29417f1f02d609c582afbacc99c583a916b9981dd2728f4ae6fdb82efd087cc3b7849e05798d2d2785c03b0879594eeac82c01f235d0e717736',
      TopicArn: 'arn:aws:sns:eu-west-1:123456789012:ses-events',
      Message:
        'You have chosen to subscribe to the topic arn:aws:sns:eu-west-1:123456789012:ses-events.\nTo confirm the subscription, visit the SubscribeURL included in this message.',
      SubscribeURL:
        'https://sns.eu-west-1.amazonaws.com/?Action=ConfirmSubscription&TopicArn=arn:aws:sns:eu-west-1:123456789012:ses-events&Token=2336412f37fb687f5d51e6e241d09c805a5a57b30d712f794cc5f6a988666d92768dd60a747ba6f3beb71854e285d6ad02428b09ceece29417f1f02d609c582afbacc99c583a916b9981dd2728f4ae6fdb82efd087cc3b7849e05798d2d2785c03b0879594eeac82c01f235d0e717736',
      Timestamp: '2026-01-10T11:00:00.000Z',
      ...signature,
    },
  },
};
