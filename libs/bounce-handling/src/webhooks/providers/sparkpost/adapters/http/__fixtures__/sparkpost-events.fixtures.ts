/**
 * SparkPost webhook events as SparkPost posts them (docs/providers.md, "SparkPost": the fields of
 * its message events reference, numbers sent as strings, and its bounce classification codes).
 * Each constant is one `msys.message_event`; `element()` wraps it as an element of the posted
 * array, and `batchOf()` makes the array.
 */
type SparkPostEventFixture = Readonly<Record<string, unknown>>;

/** The fields every message event about a delivery attempt carries. */
const MESSAGE = {
  customer_id: '1',
  delv_method: 'esmtp',
  friendly_from: 'sender@example.com',
  injection_time: '2026-01-09T12:00:00.000Z',
  ip_pool: 'Example-Ip-Pool',
  msg_from: 'sender@example.com',
  msg_size: '1337',
  routing_domain: 'example.com',
  sending_ip: '127.0.0.1',
  subject: 'Summer deals',
  template_id: 'templ-1234',
  template_version: '1',
  transmission_id: '65832150921904138',
  rcpt_tags: ['newsletter'],
} as const;

/** Class 10, Invalid Recipient: a Hard bounce, the campaign in the recipient's metadata. */
export const BOUNCE_INVALID_RECIPIENT: SparkPostEventFixture = {
  ...MESSAGE,
  type: 'bounce',
  bounce_class: '10',
  campaign_id: 'Example Campaign Name',
  error_code: '550',
  event_id: '92356927693813856',
  message_id: '000443ee14578172be22',
  num_retries: '0',
  raw_reason: '550 5.1.1 <recipient@example.com>: Recipient address rejected: User unknown in virtual mailbox table',
  reason: '550 5.1.1 ...@... Recipient address rejected: User unknown in virtual mailbox table',
  rcpt_meta: { campaign_id: 'jan-2026', customKey: 'customValue' },
  rcpt_to: 'recipient@example.com',
  raw_rcpt_to: 'Recipient@Example.com',
  rcpt_type: 'to',
  timestamp: '1767960000',
};

/** Class 30, Generic Bounce: No RCPT. */
export const BOUNCE_NO_RCPT: SparkPostEventFixture = {
  ...MESSAGE,
  type: 'bounce',
  bounce_class: '30',
  error_code: '550',
  event_id: '92356927693813860',
  message_id: '000443ee14578172be30',
  raw_reason: '550 Requested action not taken: mailbox unavailable',
  reason: '550 Requested action not taken: mailbox unavailable',
  rcpt_to: 'nobody@example.com',
  rcpt_type: 'to',
  timestamp: '1767960010',
};

/** Class 22, Mailbox Full. */
export const BOUNCE_MAILBOX_FULL: SparkPostEventFixture = {
  ...MESSAGE,
  type: 'bounce',
  bounce_class: '22',
  error_code: '552',
  event_id: '92356927693813861',
  message_id: '000443ee14578172be31',
  raw_reason: '552 5.2.2 <full@example.com>: Mailbox full, quota exceeded',
  reason: '552 5.2.2 ...@...: Mailbox full, quota exceeded',
  rcpt_to: 'full@example.com',
  rcpt_type: 'to',
  timestamp: '1767960011',
};

/** Class 51, Spam Block: the receiver refused the sending IP (its text would blame no one). */
export const BOUNCE_SPAM_BLOCK: SparkPostEventFixture = {
  ...MESSAGE,
  type: 'bounce',
  bounce_class: '51',
  error_code: '554',
  event_id: '92356927693813862',
  message_id: '000443ee14578172be32',
  raw_reason: 'MAIL REFUSED - IP (17.99.99.99) is in black list',
  reason: 'MAIL REFUSED - IP (a.b.c.d) is in black list',
  rcpt_to: 'blocked@example.com',
  rcpt_type: 'to',
  timestamp: '1767960012',
};

/** Class 50, Mail Block, whose text alone would read as an unknown user: the class wins. */
export const BOUNCE_MAIL_BLOCK_USER_WORDS: SparkPostEventFixture = {
  ...MESSAGE,
  type: 'bounce',
  bounce_class: '50',
  error_code: '550',
  event_id: '92356927693813863',
  message_id: '000443ee14578172be33',
  raw_reason: '550 5.1.1 Recipient rejected: sender blocked by recipient policy (user unknown to this sender)',
  reason: '550 5.1.1 Recipient rejected',
  rcpt_to: 'picky@example.com',
  rcpt_type: 'to',
  timestamp: '1767960013',
};

/** Class 54, Relaying Denied. */
export const BOUNCE_RELAYING_DENIED: SparkPostEventFixture = {
  ...MESSAGE,
  type: 'bounce',
  bounce_class: '54',
  error_code: '554',
  event_id: '92356927693813864',
  message_id: '000443ee14578172be34',
  raw_reason: '554 5.7.1 <relay@example.com>: Relay access denied',
  reason: '554 5.7.1 ...@...: Relay access denied',
  rcpt_to: 'relay@example.com',
  rcpt_type: 'to',
  timestamp: '1767960014',
};

/** Class 24, Timeout: SparkPost gave up after retrying its last 4xx answer. */
export const BOUNCE_TIMEOUT: SparkPostEventFixture = {
  ...MESSAGE,
  type: 'bounce',
  bounce_class: '24',
  error_code: '554',
  event_id: '92356927693813865',
  message_id: '000443ee14578172be35',
  num_retries: '6',
  raw_reason: '554 5.4.7 [internal] message timeout (last transfail: 454 4.4.4 [internal] no MX or A for domain)',
  reason: '554 5.4.7 [internal] message timeout (last transfail: 454 4.4.4 [internal] no MX or A for domain)',
  rcpt_to: 'slow@example.com',
  rcpt_type: 'to',
  timestamp: '1767960015',
};

/** Class 1, Undetermined: the server's words decide. */
export const BOUNCE_UNDETERMINED_USER_UNKNOWN: SparkPostEventFixture = {
  ...MESSAGE,
  type: 'bounce',
  bounce_class: '1',
  error_code: '550',
  event_id: '92356927693813866',
  message_id: '000443ee14578172be36',
  raw_reason: '550 5.1.1 The email account that you tried to reach does not exist',
  reason: '550 5.1.1 The email account that you tried to reach does not exist',
  rcpt_to: 'gone@example.com',
  rcpt_type: 'to',
  timestamp: '1767960016',
};

/** Class 60, Auto-Reply: an out-of-office answer, no failure. */
export const BOUNCE_AUTO_REPLY: SparkPostEventFixture = {
  ...MESSAGE,
  type: 'bounce',
  bounce_class: '60',
  event_id: '92356927693813867',
  message_id: '000443ee14578172be37',
  raw_reason: 'Out of office until Monday',
  reason: 'Out of office until Monday',
  rcpt_to: 'away@example.com',
  rcpt_type: 'to',
  timestamp: '1767960017',
};

/** A bcc recipient's bounce: about its own `rcpt_to`. */
export const BOUNCE_BCC_RECIPIENT: SparkPostEventFixture = {
  ...BOUNCE_INVALID_RECIPIENT,
  event_id: '92356927693813868',
  rcpt_to: 'hidden@example.com',
  raw_rcpt_to: 'hidden@example.com',
  rcpt_type: 'bcc',
  rcpt_meta: {},
  campaign_id: 'feb-2026',
};

/** An out-of-band bounce: accepted at first, reported as failed later (class 10). */
export const OUT_OF_BAND: SparkPostEventFixture = {
  ...MESSAGE,
  type: 'out_of_band',
  bounce_class: '10',
  campaign_id: 'oob-2026',
  error_code: '550',
  event_id: '92356927693813869',
  message_id: '000443ee14578172be39',
  raw_reason: '550: 5.1.1 No such recipient here',
  reason: '550: 5.1.1 No such recipient here',
  rcpt_to: 'late@example.com',
  rcpt_type: 'to',
  timestamp: '1767960019',
};

/** SparkPost refused to send (its own policy, class 25): the sender's matter. */
export const POLICY_REJECTION: SparkPostEventFixture = {
  customer_id: '1',
  type: 'policy_rejection',
  bounce_class: '25',
  campaign_id: 'jan-2026',
  error_code: '554',
  event_id: '92356927693813870',
  message_id: '000443ee14578172be40',
  raw_reason: '550 5.7.1 [internal] Forbidden',
  reason: '550 5.7.1 [internal] Forbidden',
  rcpt_to: 'refused@example.com',
  rcpt_type: 'to',
  remote_addr: '127.0.0.1',
  timestamp: '1767960020',
};

/** A policy rejection whose words would read as an unknown user and whose class names none. */
export const POLICY_REJECTION_USER_WORDS: SparkPostEventFixture = {
  ...POLICY_REJECTION,
  bounce_class: '1',
  event_id: '92356927693813871',
  raw_reason: '550 5.1.1 recipient address suppressed due to customer policy (user unknown)',
  reason: '550 5.1.1 recipient address suppressed due to customer policy (user unknown)',
};

/** A policy rejection whose class is Hard (10): the address is named after all. */
export const POLICY_REJECTION_INVALID_RECIPIENT: SparkPostEventFixture = {
  ...POLICY_REJECTION,
  bounce_class: '10',
  event_id: '92356927693813872',
  raw_reason: '550 5.1.1 Invalid recipient',
  reason: '550 5.1.1 Invalid recipient',
};

export const SPAM_COMPLAINT: SparkPostEventFixture = {
  ...MESSAGE,
  type: 'spam_complaint',
  campaign_id: 'jan-2026',
  event_id: '92356927693813873',
  fbtype: 'abuse',
  message_id: '000443ee14578172be43',
  rcpt_to: 'angry@example.com',
  rcpt_type: 'to',
  report_by: 'server.email.com',
  report_to: 'abuse.example.com',
  user_str: 'Additional Example Information',
  timestamp: '1767960023',
};

export const DELIVERY: SparkPostEventFixture = {
  ...MESSAGE,
  type: 'delivery',
  campaign_id: 'jan-2026',
  event_id: '92356927693813874',
  message_id: '000443ee14578172be44',
  queue_time: '12',
  num_retries: '0',
  rcpt_to: 'happy@example.com',
  rcpt_type: 'to',
  timestamp: '1767960024',
};

export const INJECTION: SparkPostEventFixture = { ...MESSAGE, type: 'injection', event_id: '92356927693813875', message_id: 'm-1', rcpt_to: 'a@example.com', timestamp: '1767960025' };

export const DELAY: SparkPostEventFixture = {
  ...MESSAGE,
  type: 'delay',
  bounce_class: '21',
  error_code: '454',
  event_id: '92356927693813876',
  message_id: 'm-2',
  num_retries: '1',
  raw_reason: '454 4.4.4 [internal] no MX or A for domain',
  reason: '454 4.4.4 [internal] no MX or A for domain',
  rcpt_to: 'later@example.com',
  timestamp: '1767960026',
};

export const GENERATION_FAILURE: SparkPostEventFixture = {
  type: 'generation_failure',
  event_id: '92356927693813877',
  error_code: '554',
  raw_reason: '554 5.3.3 [internal] Error while rendering part html',
  reason: '554 5.3.3 [internal] Error while rendering part html',
  rcpt_to: 'a@example.com',
  timestamp: '1767960027',
};

export const GENERATION_REJECTION: SparkPostEventFixture = {
  type: 'generation_rejection',
  bounce_class: '25',
  event_id: '92356927693813878',
  error_code: '554',
  raw_reason: '554 5.7.1 recipient address suppressed due to customer policy',
  reason: '554 5.7.1 recipient address suppressed due to customer policy',
  rcpt_to: 'a@example.com',
  timestamp: '1767960028',
};

/** Engagement, generation, unsubscribe and relay events arrive under their own key of `msys`. */
export const TRACK_EVENT_ELEMENT = { msys: { track_event: { type: 'open', event_id: '92356927693813879', rcpt_to: 'a@example.com', timestamp: '1767960029' } } };
export const GEN_EVENT_ELEMENT = { msys: { gen_event: { type: 'generation_failure', event_id: '92356927693813880', rcpt_to: 'a@example.com' } } };
export const UNSUBSCRIBE_EVENT_ELEMENT = {
  msys: { unsubscribe_event: { type: 'list_unsubscribe', event_id: '92356927693813881', rcpt_to: 'a@example.com', mailfrom: 'x@example.com' } },
};
export const RELAY_EVENT_ELEMENT = { msys: { relay_event: { type: 'relay_injection', event_id: '92356927693813882', relay_id: 'r-1' } } };
/** What SparkPost posts to check a new webhook (its "test" and "validate"). */
export const WEBHOOK_CHECK_ELEMENT = { msys: {} };

/** A message event as an element of the posted array. */
export function element(event: SparkPostEventFixture): { msys: { message_event: SparkPostEventFixture } } {
  return { msys: { message_event: event } };
}

/** The posted array of these message events. */
export function batchOf(...events: SparkPostEventFixture[]): Array<{ msys: { message_event: SparkPostEventFixture } }> {
  return events.map(element);
}
