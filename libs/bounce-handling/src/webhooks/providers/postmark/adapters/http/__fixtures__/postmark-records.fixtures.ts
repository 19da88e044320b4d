// Postmark's webhook records in the shapes its documentation gives (Webhooks › Bounce, Spam
// complaint, Delivery, Open, Click, Subscription change; the bounce types of its Bounce API),
// with our own addresses, ids and server answers. Each is one request's whole body.

const BOUNCE_BASE = {
  RecordType: 'Bounce',
  Name: 'Hard bounce',
  Tag: 'newsletter',
  MessageID: '883953f4-6105-42a2-a16a-77a8eac79483',
  Metadata: { campaign_id: 'jan-2026', user_id: 43 },
  ServerID: 23,
  MessageStream: 'broadcast',
  From: 'news@sender.example.org',
  BouncedAt: '2026-01-09T10:00:00Z',
  DumpAvailable: true,
  Inactive: false,
  CanActivate: true,
  Subject: 'January news',
  Content: '',
} as const;

/** A hard bounce: the receiving server does not know the user; Postmark deactivated the address. */
export const HARD_BOUNCE = {
  ...BOUNCE_BASE,
  ID: 4323372036,
  Type: 'HardBounce',
  TypeCode: 1,
  Description: 'The server was unable to deliver your message (ex: unknown user, mailbox not found).',
  Details: "smtp;550 5.1.1 The email account that you tried to reach does not exist. Please try double-checking the recipient's email address",
  Email: 'john@example.com',
  Inactive: true,
} as const;

/** A hard bounce whose server answer says the domain does not exist: the answer refines the reason. */
export const HARD_BOUNCE_NO_SUCH_DOMAIN = {
  ...HARD_BOUNCE,
  ID: 4323372037,
  Details: 'smtp;550 5.1.2 Host unknown: domain nxdomain.example does not exist',
  Email: 'someone@nxdomain.example',
} as const;

export const SOFT_BOUNCE_MAILBOX_FULL = {
  ...BOUNCE_BASE,
  ID: 4323372038,
  Type: 'SoftBounce',
  TypeCode: 4096,
  Name: 'Soft bounce',
  Description: 'Unable to temporarily deliver this email.',
  Details: 'smtp;452 4.2.2 The email account that you tried to reach is over quota.',
  Email: 'full@example.com',
  CanActivate: false,
} as const;

/** A soft bounce whose server answer names no cause. */
export const SOFT_BOUNCE_NO_DETAILS = {
  ...SOFT_BOUNCE_MAILBOX_FULL,
  ID: 4323372039,
  Details: '',
  Email: 'quiet@example.com',
} as const;

export const TRANSIENT = {
  ...BOUNCE_BASE,
  ID: 4323372040,
  Type: 'Transient',
  TypeCode: 2,
  Name: 'Message delayed',
  Description: 'The server could not temporarily deliver your message (ex: Message is delayed due to network troubles).',
  Details: 'smtp;421 4.4.2 Connection timed out',
  Email: 'slow@example.com',
  CanActivate: false,
} as const;

/** Blocked: the receiver refused the sender (ISP or spam filter), nothing about the address. */
export const BLOCKED = {
  ...BOUNCE_BASE,
  ID: 4323372041,
  Type: 'Blocked',
  TypeCode: 100006,
  Name: 'ISP block',
  Description: 'The ISP or spam filter has blocked this email.',
  Details: 'smtp;550 5.7.1 Service unavailable; Client host [50.31.156.6] blocked using Spamhaus',
  Email: 'jane@example.com',
} as const;

export const DMARC_POLICY = {
  ...BOUNCE_BASE,
  ID: 4323372042,
  Type: 'DMARCPolicy',
  TypeCode: 100009,
  Name: 'DMARC Policy',
  Description: 'An email was rejected by the recipient because of the DMARC policy of the From domain.',
  Details: "smtp;550 5.7.26 Unauthenticated email from sender.example.org is not accepted due to domain's DMARC policy",
  Email: 'jane@example.com',
} as const;

export const SPAM_NOTIFICATION = {
  ...BOUNCE_BASE,
  ID: 4323372043,
  Type: 'SpamNotification',
  TypeCode: 512,
  Name: 'Spam notification',
  Description: 'The message was delivered, but was either blocked by the user, or classified as spam, bulk mail, or had rejected content.',
  Details: 'smtp;550 Message rejected as spam by Content Filtering',
  Email: 'jane@example.com',
} as const;

export const AUTO_RESPONDER = {
  ...BOUNCE_BASE,
  ID: 4323372044,
  Type: 'AutoResponder',
  TypeCode: 64,
  Name: 'Auto responder',
  Description: 'Automatic email responder (ex: "Out of Office" or "On Vacation").',
  Details: 'I am out of the office until Monday.',
  Email: 'away@example.com',
} as const;

export const BAD_EMAIL_ADDRESS = {
  ...BOUNCE_BASE,
  ID: 4323372045,
  Type: 'BadEmailAddress',
  TypeCode: 100000,
  Name: 'Invalid email address',
  Description: 'The address is not a valid email address.',
  Details: '',
  Email: 'not-an-address@invalid',
} as const;

export const MANUALLY_DEACTIVATED = {
  ...BOUNCE_BASE,
  ID: 4323372046,
  Type: 'ManuallyDeactivated',
  TypeCode: 100002,
  Name: 'Manually deactivated',
  Description: 'The email was manually deactivated.',
  Details: '',
  Email: 'gone@example.com',
} as const;

export const UNKNOWN = {
  ...BOUNCE_BASE,
  ID: 4323372047,
  Type: 'Unknown',
  TypeCode: 2048,
  Name: 'Unknown',
  Description: 'Unable to classify.',
  Details: '',
  Email: 'odd@example.com',
} as const;

/** A recipient's mailed "unsubscribe" request, which Postmark files as a bounce type. */
export const UNSUBSCRIBE = {
  ...BOUNCE_BASE,
  ID: 4323372048,
  Type: 'Unsubscribe',
  TypeCode: 16,
  Name: 'Unsubscribe request',
  Description: 'Unsubscribe or Remove request.',
  Details: 'Please remove me from this list',
  Email: 'leaving@example.com',
} as const;

export const VIRUS_NOTIFICATION = {
  ...BOUNCE_BASE,
  ID: 4323372049,
  Type: 'VirusNotification',
  TypeCode: 8192,
  Name: 'Virus notification',
  Description: 'The bounce is actually a virus notification warning about a virus/code infected message.',
  Details: 'smtp;554 5.7.0 Message rejected: virus found',
  Email: 'jane@example.com',
} as const;

export const DNS_ERROR = {
  ...BOUNCE_BASE,
  ID: 4323372050,
  Type: 'DnsError',
  TypeCode: 256,
  Name: 'DNS error',
  Description: 'A temporary DNS error.',
  Details: 'DNS lookup timed out',
  Email: 'dns@example.com',
} as const;

export const CHALLENGE_VERIFICATION = {
  ...BOUNCE_BASE,
  ID: 4323372051,
  Type: 'ChallengeVerification',
  TypeCode: 16384,
  Name: 'Spam challenge verification',
  Description: 'The bounce is a challenge asking for verification you actually sent the email.',
  Details: 'Please confirm you are a human',
  Email: 'guarded@example.com',
} as const;

/** A spam complaint webhook: the bounce record's fields, of its own record type. */
export const SPAM_COMPLAINT = {
  RecordType: 'SpamComplaint',
  ID: 4323372052,
  Type: 'SpamComplaint',
  TypeCode: 100001,
  Name: 'Spam complaint',
  Tag: 'newsletter',
  MessageID: '00000000-0000-0000-0000-000000000000',
  Metadata: { campaign_id: 'jan-2026' },
  ServerID: 23,
  MessageStream: 'broadcast',
  Description: 'The subscriber explicitly marked this message as spam.',
  Details: 'Test spam complaint details',
  Email: 'angry@example.com',
  From: 'news@sender.example.org',
  BouncedAt: '2026-01-09T10:00:00Z',
  DumpAvailable: true,
  Inactive: true,
  CanActivate: false,
  Subject: 'January news',
  Content: '',
} as const;

export const DELIVERY = {
  RecordType: 'Delivery',
  ServerID: 23,
  MessageStream: 'outbound',
  MessageID: '883953f4-6105-42a2-a16a-77a8eac79483',
  Recipient: 'john@example.com',
  Tag: 'welcome-email',
  DeliveredAt: '2026-01-09T10:00:00Z',
  Details: 'Test delivery webhook details',
  Metadata: { campaign_id: 'jan-2026' },
} as const;

export const OPEN = {
  RecordType: 'Open',
  MessageStream: 'outbound',
  FirstOpen: true,
  Client: { Name: 'Chrome 35.0.1916.153', Company: 'Google', Family: 'Chrome' },
  OS: { Name: 'OS X 10.7 Lion', Company: 'Apple Computer, Inc.', Family: 'OS X 10' },
  Platform: 'WebMail',
  UserAgent: 'Mozilla/5.0',
  ReadSeconds: 5,
  Geo: {},
  MessageID: '883953f4-6105-42a2-a16a-77a8eac79483',
  Metadata: {},
  ReceivedAt: '2026-01-09T10:05:00Z',
  Tag: 'welcome-email',
  Recipient: 'john@example.com',
} as const;

export const CLICK = {
  RecordType: 'Click',
  MessageStream: 'outbound',
  ClickLocation: 'HTML',
  Client: { Name: 'Chrome 35.0.1916.153', Company: 'Google', Family: 'Chrome' },
  OS: { Name: 'OS X 10.7 Lion', Company: 'Apple Computer, Inc.', Family: 'OS X 10' },
  Platform: 'Desktop',
  UserAgent: 'Mozilla/5.0',
  OriginalLink: 'https://example.com',
  Geo: {},
  MessageID: '883953f4-6105-42a2-a16a-77a8eac79483',
  Metadata: {},
  ReceivedAt: '2026-01-09T10:06:00Z',
  Tag: 'welcome-email',
  Recipient: 'john@example.com',
} as const;

/** A suppression made in Postmark (here: its own, after a hard bounce). */
export const SUBSCRIPTION_CHANGE_SUPPRESSED = {
  RecordType: 'SubscriptionChange',
  MessageID: '883953f4-6105-42a2-a16a-77a8eac79483',
  ServerID: 23,
  MessageStream: 'outbound',
  ChangedAt: '2026-01-09T10:00:01Z',
  Recipient: 'john@example.com',
  Origin: 'Recipient',
  SuppressSending: true,
  SuppressionReason: 'HardBounce',
  Tag: 'welcome-email',
  Metadata: { campaign_id: 'jan-2026' },
} as const;

/** A reactivation made in Postmark's dashboard. */
export const SUBSCRIPTION_CHANGE_REACTIVATED = {
  ...SUBSCRIPTION_CHANGE_SUPPRESSED,
  ChangedAt: '2026-01-10T09:00:00Z',
  Origin: 'Customer',
  SuppressSending: false,
  SuppressionReason: null,
} as const;
