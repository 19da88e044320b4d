/**
 * Brevo webhook events as Brevo posts them (docs/providers.md, "Brevo"): the transactional
 * webhook's documented fields (`event`, `email`, `id`, `date`, `ts`, `message-id`, `ts_event`,
 * `subject`, `tag`/`tags`, `sending_ip`, `ts_epoch` in milliseconds, `reason`, `X-Mailin-custom`)
 * and the marketing webhook's (`camp_id`, `campaign name`, `date_sent`, `date_event`, `ts_sent`).
 * Each is one event: a single post's body, or one element of a batched post.
 */
type BrevoEventFixture = Readonly<Record<string, unknown>>;

const COMMON = {
  id: 3017431,
  date: '2026-01-09 13:20:00',
  ts: 1767964800,
  ts_event: 1767964800,
  subject: 'January newsletter',
  sending_ip: '185.41.28.109',
  template_id: 12,
};

export const HARD_BOUNCE: BrevoEventFixture = {
  ...COMMON,
  event: 'hard_bounce',
  email: 'john@example.com',
  'message-id': '<202601091220.12345678901@smtp-relay.mailin.fr>',
  ts_epoch: 1767964800123,
  tag: 'jan-2026',
  reason: 'RecipientError: 550 5.1.1 <john@example.com>: Recipient address rejected: User unknown in virtual mailbox table',
  'X-Mailin-custom': '{"campaign_id":"jan-2026","user":42}',
};

/** A hard bounce whose server refused the sender, not the address: Brevo's word is not the cause. */
export const HARD_BOUNCE_SENDER_BLOCKED: BrevoEventFixture = {
  ...COMMON,
  event: 'hard_bounce',
  email: 'blocked@example.com',
  'message-id': '<202601091221.22222222222@smtp-relay.mailin.fr>',
  ts_epoch: 1767964801123,
  reason: 'RecipientError: 550 5.7.1 Service unavailable, Client host [185.41.28.109] blocked using Spamhaus',
};

export const HARD_BOUNCE_WITHOUT_REASON: BrevoEventFixture = {
  ...COMMON,
  event: 'hard_bounce',
  email: 'quiet@example.com',
  'message-id': '<202601091222.33333333333@smtp-relay.mailin.fr>',
  ts_epoch: 1767964802123,
};

export const SOFT_BOUNCE: BrevoEventFixture = {
  ...COMMON,
  event: 'soft_bounce',
  email: 'full@example.com',
  'message-id': '<202601091223.44444444444@smtp-relay.mailin.fr>',
  ts_epoch: 1767964803123,
  tags: ['feb-2026', 'newsletter'],
  reason: 'RecipientError: 452 4.2.2 The email account that you tried to reach is over quota',
};

/** Brevo refused to send: the address is on its blocklist (it bounced before). */
export const BLOCKED_BLOCKLISTED_ADDRESS: BrevoEventFixture = {
  ...COMMON,
  event: 'blocked',
  email: 'gone@example.com',
  'message-id': '<202601091224.55555555555@smtp-relay.mailin.fr>',
  ts_epoch: 1767964804123,
  reason: 'blocked : due to blacklist user',
};

/** Brevo refused to send for the sender's sake (its account, domain or content). */
export const BLOCKED_SENDER: BrevoEventFixture = {
  ...COMMON,
  event: 'blocked',
  email: 'innocent@example.com',
  'message-id': '<202601091225.66666666666@smtp-relay.mailin.fr>',
  ts_epoch: 1767964805123,
  reason: 'sender blocked: the sender domain is not authenticated',
};

export const BLOCKED_WITHOUT_REASON: BrevoEventFixture = {
  ...COMMON,
  event: 'blocked',
  email: 'innocent@example.com',
  'message-id': '<202601091226.77777777777@smtp-relay.mailin.fr>',
  ts_epoch: 1767964806123,
};

export const BLOCKED_UNSUBSCRIBED: BrevoEventFixture = {
  ...COMMON,
  event: 'blocked',
  email: 'left@example.com',
  'message-id': '<202601091227.88888888888@smtp-relay.mailin.fr>',
  ts_epoch: 1767964807123,
  reason: 'blocked : due to unsubscribed user',
};

export const INVALID_EMAIL: BrevoEventFixture = {
  ...COMMON,
  event: 'invalid_email',
  email: 'john@exmaple.con',
  'message-id': '<202601091228.99999999999@smtp-relay.mailin.fr>',
  ts_epoch: 1767964808123,
};

export const INVALID_EMAIL_UNKNOWN_DOMAIN: BrevoEventFixture = {
  ...INVALID_EMAIL,
  'message-id': '<202601091229.10101010101@smtp-relay.mailin.fr>',
  reason: 'Host or domain name not found. Name service error for name=exmaple.con type=MX',
};

export const SPAM: BrevoEventFixture = {
  ...COMMON,
  event: 'spam',
  email: 'jane@example.com',
  'message-id': '<202601091230.12121212121@smtp-relay.mailin.fr>',
  ts_epoch: 1767964810123,
  'X-Mailin-custom': 'campaign_id:jan-2026|user:7',
};

export const COMPLAINT: BrevoEventFixture = { ...SPAM, event: 'complaint', 'message-id': '<202601091231.13131313131@smtp-relay.mailin.fr>' };

export const DELIVERED: BrevoEventFixture = {
  ...COMMON,
  event: 'delivered',
  email: 'full@example.com',
  'message-id': '<202601091232.14141414141@smtp-relay.mailin.fr>',
  ts_epoch: 1767964812123,
  tag: 'jan-2026',
};

const about = (event: string, extra: Record<string, unknown> = {}): BrevoEventFixture => ({
  ...COMMON,
  event,
  email: 'jim@example.com',
  'message-id': '<202601091233.15151515151@smtp-relay.mailin.fr>',
  ts_epoch: 1767964813123,
  ...extra,
});

export const REQUEST = about('request');
export const DEFERRED = about('deferred', { reason: 'RecipientError: 421 4.7.0 Try again later' });
export const OPENED = about('opened');
export const UNIQUE_OPENED = about('unique_opened');
export const PROXY_OPEN = about('proxy_open');
export const CLICK = about('click', { link: 'https://example.com/offer' });
export const UNSUBSCRIBED = about('unsubscribed');
/** `error` events carry `ts_epoch` in seconds. */
export const ERROR = about('error', { ts_epoch: 1767964813, reason: 'Sending has been rejected because the template is invalid' });

/** The marketing webhook's events: Brevo's campaign, no `message-id` nor `ts_epoch`. */
const MARKETING = {
  id: 1046379,
  camp_id: 57,
  'campaign name': 'January newsletter',
  date_sent: '2026-01-09 13:00:00',
  date_event: '2026-01-09 13:20:00',
  ts_sent: 1767963600,
  ts_event: 1767964800,
  ts: 1767964800,
  tag: '',
};

export const MARKETING_HARD_BOUNCE: BrevoEventFixture = { ...MARKETING, event: 'hardBounce', email: 'john@example.com' };
export const MARKETING_SOFT_BOUNCE: BrevoEventFixture = { ...MARKETING, event: 'softBounce', email: 'full@example.com' };
export const MARKETING_SPAM: BrevoEventFixture = { ...MARKETING, event: 'spam', email: 'jane@example.com' };
export const MARKETING_DELIVERED: BrevoEventFixture = { ...MARKETING, event: 'delivered', email: 'full@example.com' };
export const MARKETING_LIST_ADDITION: BrevoEventFixture = { ...MARKETING, event: 'listAddition', email: 'new@example.com', list_id: [3] };
