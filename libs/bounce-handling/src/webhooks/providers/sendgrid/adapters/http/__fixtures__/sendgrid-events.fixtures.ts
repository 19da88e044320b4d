/**
 * SendGrid Event Webhook events as SendGrid posts them (docs/providers.md, "SendGrid": the
 * documented fields, the batch paraphrased from sendgrid/docs#3675, the `dropped` reasons of
 * sendgrid/docs#69, and the traps seen in real payloads). Each is one element of the posted array.
 */
type SendGridEventFixture = Readonly<Record<string, unknown>>;

export const HARD_BOUNCE: SendGridEventFixture = {
  email: 'john@example.com',
  timestamp: 1767960000,
  'smtp-id': '<14c5d75ce93.dfd.64b469@ismtpd-555>',
  event: 'bounce',
  type: 'bounce',
  status: '5.1.1',
  reason: "550 5.1.1 The email account that you tried to reach does not exist. Please try double-checking the recipient's email address",
  bounce_classification: 'Invalid Address',
  sg_event_id: 'YmNrLTEyMzQ1Njc4OTAtMQ',
  sg_message_id: '14c5d75ce93.dfd.64b469.filter0001.16648.5515E0B88.0',
  category: ['newsletter'],
  campaign_id: 'jan-2026',
};

/** The documented batch's first element (docs/providers.md, "SendGrid"): a block, by reputation. */
export const BLOCKED_BOUNCE: SendGridEventFixture = {
  email: 'a@example.com',
  timestamp: 1526923399,
  'smtp-id': '<HVsPABHsQbasN_Y5ny7G2A@ismtpd0019p1las1.sendgrid.net>',
  event: 'bounce',
  type: 'blocked',
  status: '5.7.1',
  reason: '554 5.7.1 Service unavailable; Client host [1.2.3.4] blocked using bl.spamcop.net',
  bounce_classification: 'Reputation',
  sg_event_id: 'B977-YmxrLTE1MjY5MjMzOTk',
  sg_message_id: 'grsqxFa9Tl2ln0eFR2Nfzw.filterdrecv-p3iad2-8ddf98858-xsd2p-19-5B0322FE-2.0',
  category: ['RecordingConfirmed'],
  campaign_id: '42',
};

/** A bounce as SendGrid reported them before blocks were folded into `bounce`: no `type`. */
export const BOUNCE_WITHOUT_TYPE: SendGridEventFixture = {
  email: 'legacy@example.com',
  timestamp: 1513299569,
  event: 'bounce',
  status: '5.0.0',
  reason: '550 Requested action not taken: mailbox unavailable',
  sg_event_id: 'bGVnYWN5LWJvdW5jZQ',
  sg_message_id: 'bGVnYWN5LW1lc3NhZ2U.filter0001.1.0',
};

export const DROPPED_BOUNCED_ADDRESS: SendGridEventFixture = {
  email: 'b@example.com',
  timestamp: 1513299569,
  'smtp-id': '<14c5d75ce93.dfd.64b469@ismtpd-555>',
  event: 'dropped',
  reason: 'Bounced Address',
  status: '5.0.0',
  sg_event_id: 'ZHJvcC1ib3VuY2VkLWFkZHJlc3M',
  sg_message_id: 'ZHJvcHBlZC1tZXNzYWdl.filter0001.1.0',
  category: 'cat facts',
};

export const DROPPED_INVALID: SendGridEventFixture = {
  email: 'not-really@example',
  timestamp: 1513299569,
  event: 'dropped',
  reason: 'Invalid',
  sg_event_id: 'ZHJvcC1pbnZhbGlk',
  sg_message_id: 'aW52YWxpZC1tZXNzYWdl.filter0001.1.0',
};

export const DROPPED_SPAM_REPORTING_ADDRESS: SendGridEventFixture = {
  email: 'reporter@example.com',
  timestamp: 1513299569,
  event: 'dropped',
  reason: 'Spam Reporting Address',
  sg_event_id: 'ZHJvcC1zcGFtLXJlcG9ydGluZw',
  sg_message_id: 'c3BhbS1yZXBvcnRpbmc.filter0001.1.0',
  campaign_id: 'jan-2026',
};

export const DROPPED_UNSUBSCRIBED_ADDRESS: SendGridEventFixture = {
  email: 'gone@example.com',
  timestamp: 1513299569,
  event: 'dropped',
  reason: 'Unsubscribed Address',
  sg_event_id: 'ZHJvcC11bnN1YnNjcmliZWQ',
  sg_message_id: 'dW5zdWJzY3JpYmVk.filter0001.1.0',
};

export const DROPPED_INVALID_SMTPAPI_HEADER: SendGridEventFixture = {
  email: 'c@example.com',
  timestamp: 1513299569,
  event: 'dropped',
  reason: 'Invalid SMTPAPI header',
  sg_event_id: 'ZHJvcC1zbXRwYXBp',
  sg_message_id: 'c210cGFwaQ.filter0001.1.0',
};

export const DROPPED_SPAM_CONTENT: SendGridEventFixture = {
  email: 'd@example.com',
  timestamp: 1513299569,
  event: 'dropped',
  reason: 'Spam Content',
  sg_event_id: 'ZHJvcC1zcGFtLWNvbnRlbnQ',
  sg_message_id: 'c3BhbS1jb250ZW50.filter0001.1.0',
};

/** The documented batch's third element (docs/providers.md, "SendGrid"). */
export const SPAM_REPORT: SendGridEventFixture = {
  email: 'c@example.com',
  timestamp: 1513299569,
  event: 'spamreport',
  sg_event_id: 'c3BhbXJlcG9ydC0x',
  sg_message_id: 'c3BhbXJlcG9ydC1tZXNzYWdl.filter0001.1.0',
  campaign_id: 77,
};

export const DELIVERED: SendGridEventFixture = {
  email: 'john@example.com',
  timestamp: 1767960100,
  'smtp-id': '<14c5d75ce93.dfd.64b469@ismtpd-555>',
  event: 'delivered',
  ip: '168.1.1.1',
  response: '250 OK',
  tls: 1,
  sg_event_id: 'ZGVsaXZlcmVkLTE',
  sg_message_id: '14c5d75ce93.dfd.64b469.filter0001.16648.5515E0B88.0',
  category: ['newsletter'],
  campaign_id: 'jan-2026',
};

export const PROCESSED: SendGridEventFixture = {
  email: 'john@example.com',
  timestamp: 1767959990,
  pool: { name: 'new_MY_test', id: 210 },
  'smtp-id': '<14c5d75ce93.dfd.64b469@ismtpd-555>',
  event: 'processed',
  sg_event_id: 'cHJvY2Vzc2VkLTE',
  sg_message_id: '14c5d75ce93.dfd.64b469.filter0001.16648.5515E0B88.0',
};

export const DEFERRED: SendGridEventFixture = {
  email: 'slow@example.com',
  timestamp: 1767960000,
  event: 'deferred',
  response: '400 try again later',
  attempt: '5',
  sg_event_id: 'ZGVmZXJyZWQtNQ',
  sg_message_id: 'ZGVmZXJyZWQtbWVzc2FnZQ.filter0001.1.0',
};

export const OPEN: SendGridEventFixture = {
  email: 'john@example.com',
  timestamp: 1767960200,
  event: 'open',
  sg_machine_open: false,
  useragent: 'Mozilla/4.0 (compatible; MSIE 6.1; Windows XP; .NET CLR 1.1.4322; .NET CLR 2.0.50727)',
  ip: '255.255.255.255',
  sg_event_id: 'b3Blbi0x',
  sg_message_id: '14c5d75ce93.dfd.64b469.filter0001.16648.5515E0B88.0',
};

export const CLICK: SendGridEventFixture = {
  email: 'john@example.com',
  timestamp: 1767960300,
  event: 'click',
  url: 'https://www.example.com/',
  url_offset: { index: 0, type: 'html' },
  sg_event_id: 'Y2xpY2stMQ',
  sg_message_id: '14c5d75ce93.dfd.64b469.filter0001.16648.5515E0B88.0',
};

export const UNSUBSCRIBE: SendGridEventFixture = {
  email: 'john@example.com',
  timestamp: 1767960400,
  event: 'unsubscribe',
  sg_event_id: 'dW5zdWJzY3JpYmUtMQ',
  sg_message_id: '14c5d75ce93.dfd.64b469.filter0001.16648.5515E0B88.0',
};

export const GROUP_UNSUBSCRIBE: SendGridEventFixture = {
  email: 'john@example.com',
  timestamp: 1767960500,
  event: 'group_unsubscribe',
  asm_group_id: 10,
  sg_event_id: 'Z3JvdXAtdW5zdWJzY3JpYmUtMQ',
  sg_message_id: '14c5d75ce93.dfd.64b469.filter0001.16648.5515E0B88.0',
};

export const GROUP_RESUBSCRIBE: SendGridEventFixture = {
  email: 'john@example.com',
  timestamp: 1767960600,
  event: 'group_resubscribe',
  asm_group_id: 10,
  sg_event_id: 'Z3JvdXAtcmVzdWJzY3JpYmUtMQ',
  sg_message_id: '14c5d75ce93.dfd.64b469.filter0001.16648.5515E0B88.0',
};

export const UNKNOWN_EVENT: SendGridEventFixture = {
  email: 'john@example.com',
  timestamp: 1767960700,
  event: 'account_status_change',
  sg_event_id: 'dW5rbm93bi0x',
};

// ——— the traps seen in real payloads (docs/providers.md, "SendGrid") ———

/** `category` as a single string (the other fixtures carry arrays). */
export const BOUNCE_WITH_CATEGORY_STRING: SendGridEventFixture = { ...HARD_BOUNCE, sg_event_id: 'Y2F0ZWdvcnktc3RyaW5n', category: 'newsletter' };

/** A recipient that fails strict validation but is what the receiving server answered about. */
export const BOUNCE_TO_INVALID_AT_INVALID: SendGridEventFixture = {
  email: 'invalid@invalid',
  timestamp: 1767960000,
  event: 'bounce',
  type: 'bounce',
  status: '5.1.2',
  reason: '550 5.1.2 Host unknown (Name server: invalid: host not found)',
  sg_event_id: 'aW52YWxpZC1pbnZhbGlk',
  sg_message_id: 'aW52YWxpZEBpbnZhbGlk.filter0001.1.0',
};

/** Two distinct events, different types and recipients, carrying one `sg_event_id`. */
export const REUSED_EVENT_ID = 'cmV1c2VkLWV2ZW50LWlk';
export const REUSED_ID_BOUNCE: SendGridEventFixture = { ...HARD_BOUNCE, email: 'first@example.com', sg_event_id: REUSED_EVENT_ID };
export const REUSED_ID_SPAM_REPORT: SendGridEventFixture = { ...SPAM_REPORT, email: 'second@example.com', sg_event_id: REUSED_EVENT_ID };

/** Addresses arrive in mixed case. */
export const BOUNCE_TO_MIXED_CASE: SendGridEventFixture = { ...HARD_BOUNCE, email: '  John.Doe@Example.COM ', sg_event_id: 'bWl4ZWQtY2FzZQ' };

/** An event without `sg_event_id` (test payloads, old integrations). */
export const BOUNCE_WITHOUT_EVENT_ID: SendGridEventFixture = (() => {
  const { sg_event_id: _omitted, ...rest } = HARD_BOUNCE;
  return rest;
})();

/** The documented batch (docs/providers.md, "SendGrid"), as posted. */
export const DOCUMENTED_BATCH: readonly SendGridEventFixture[] = [
  BLOCKED_BOUNCE,
  { email: 'b@example.com', timestamp: 1513299569, event: 'dropped', reason: 'Bounced Address', sg_event_id: 'ZG9jLWRyb3BwZWQ', sg_message_id: 'ZG9jLWRyb3BwZWQtbXNn.filter0001.1.0' },
  { email: 'c@example.com', timestamp: 1513299569, event: 'spamreport', sg_event_id: 'ZG9jLXNwYW1yZXBvcnQ', sg_message_id: 'ZG9jLXNwYW1yZXBvcnQtbXNn.filter0001.1.0' },
];
