import type { BounceType } from '../delivery-event';
import { type BounceClassification, type BounceEvidence, classifyBounce, type EvidenceSource } from './bounce-classifier';
import { type BounceReason, categoryOf } from './bounce-reason';
import { DIAGNOSTIC_TEXT_RULES } from './diagnostic-text.rules';
import { PROVIDER_VOCABULARIES, type ProviderScheme } from './provider-cause.rules';
import { STATUS_CODE_MEANINGS, STATUS_CODE_RANGES } from './status-code.rules';

type Expected = Pick<BounceClassification, 'reason' | 'type' | 'decidedBy'> & Partial<BounceClassification>;
type Row = readonly [behaviour: string, evidence: BounceEvidence, expected: Expected];

const is = (reason: BounceReason, type: BounceType, decidedBy: EvidenceSource, rule?: string): Expected =>
  rule === undefined ? { reason, type, decidedBy } : { reason, type, decidedBy, rule };
const said = (diagnostic: string, more: Partial<BounceEvidence> = {}): BounceEvidence => ({ diagnostic, ...more });
const ses = (bounceType: string, bounceSubType: string, more: Partial<BounceEvidence> = {}): BounceEvidence => ({
  provider: { scheme: 'ses', bounceType, bounceSubType },
  ...more,
});
const mailgun = (severity: string, reason: string, more: Partial<BounceEvidence> = {}): BounceEvidence => ({
  provider: { scheme: 'mailgun', severity, reason },
  ...more,
});
const sendgrid = (classification: string | null, type: string | null, more: Partial<BounceEvidence> = {}): BounceEvidence => ({
  provider: { scheme: 'sendgrid', classification, type },
  ...more,
});

const GMAIL: Row[] = [
  [
    'reads Gmail\'s "account does not exist" as an unknown user',
    said(
      "smtp; 550-5.1.1 The email account that you tried to reach does not exist. Please try 550-5.1.1 double-checking the recipient's email address for typos or 550-5.1.1 unnecessary spaces. Learn more at 550 5.1.1 https://support.google.com/mail/?p=NoSuchUser d9443c01a7336-21e2f0e1f1bsi1234567ad.123 - gsmtp",
    ),
    is('user_unknown', 'hard', 'status-code', 'status:5.1.1'),
  ],
  [
    'reads Gmail\'s "account does not exist" without its status code',
    said(
      "550 The email account that you tried to reach does not exist. Please try double-checking the recipient's email address for typos or unnecessary spaces. https://support.google.com/mail/?p=NoSuchUser",
    ),
    is('user_unknown', 'hard', 'diagnostic', 'text:gmail-no-such-user'),
  ],
  [
    'reads Gmail\'s "likely unsolicited mail" as spam, not the address',
    said(
      '550-5.7.1 [198.51.100.7] Our system has detected that this message is 550-5.7.1 likely unsolicited mail. To reduce the amount of spam sent to Gmail, 550-5.7.1 this message has been blocked. Please visit 550-5.7.1 https://support.google.com/mail/?p=UnsolicitedMessageError 550 5.7.1 for more information. a640c23a62f3a-ab6c3f3e1e8si123456766b.123 - gsmtp',
    ),
    is('spam_detected', 'soft', 'diagnostic', 'text:unsolicited'),
  ],
  [
    "reads Gmail's 421-4.7.28 as a rate limit",
    said(
      '421-4.7.28 [198.51.100.7 15] Our system has detected an unusual rate of 421-4.7.28 unsolicited mail originating from your IP address. To protect our 421-4.7.28 users from spam, mail sent from your IP address has been temporarily 421-4.7.28 rate limited. Please visit 421-4.7.28 https://support.google.com/mail/?p=UnsolicitedRateLimitError to 421 4.7.28 review our Bulk Email Senders Guidelines. 41be03b00d2f7-7fd2e4b1a0bsi123456a12.123 - gsmtp',
    ),
    is('rate_limited', 'soft', 'status-code', 'status:4.7.28'),
  ],
  [
    "reads Gmail's unusual rate without its status code as a rate limit",
    said('421 Our system has detected an unusual rate of unsolicited mail originating from your IP address.'),
    is('rate_limited', 'soft', 'diagnostic', 'text:rate-limited'),
  ],
  [
    "reads Gmail's 550 5.7.26 DMARC refusal as an authentication failure",
    said(
      "550-5.7.26 Unauthenticated email from sender.example is not accepted due to 550-5.7.26 domain's DMARC policy. Please contact the administrator of 550-5.7.26 sender.example domain if this was a legitimate mail. To learn about the 550-5.7.26 DMARC initiative, go to 550 5.7.26 https://support.google.com/mail/?p=DmarcRejection 5b1f17b1804b1-43a1b2c3d4esi123456785e.123 - gsmtp",
    ),
    is('auth_failure', 'soft', 'status-code', 'status:5.7.26'),
  ],
  [
    'reads Gmail\'s "sender is unauthenticated" as an authentication failure',
    said(
      '550-5.7.26 This mail has been blocked because the sender is unauthenticated. 550-5.7.26 Gmail requires all senders to authenticate with either SPF or DKIM. 550-5.7.26 Authentication results: DKIM = did not pass SPF [sender.example] with ip: [198.51.100.7] = did not pass 550 5.7.26 https://support.google.com/mail/answer/81126#authentication - gsmtp',
    ),
    is('auth_failure', 'soft', 'status-code', 'status:5.7.26'),
  ],
  [
    "reads Gmail's 452-4.2.2 as a full mailbox",
    said(
      '452-4.2.2 The email account that you tried to reach is over quota. Please direct\n452-4.2.2 the recipient to\n452 4.2.2  https://support.google.com/mail/?p=OverQuotaTemp 5a478bee46e88-2c3a4b6c9ffsi1234567eec.61 - gsmtp',
    ),
    is('mailbox_full', 'soft', 'status-code', 'status:4.2.2'),
  ],
  [
    "reads Gmail's 550-5.2.1 as a disabled mailbox",
    said(
      '550-5.2.1 The email account that you tried to reach is disabled. Learn more at\n550 5.2.1  https://support.google.com/mail/?p=DisabledUser 6a1803df08f44-6e8f1c2d3e4si123456796d6.123 - gsmtp',
    ),
    is('mailbox_disabled', 'hard', 'status-code', 'status:5.2.1'),
  ],
  [
    'reads Gmail\'s 450-4.2.1 "receiving mail at a rate" as a rate limit, not a disabled mailbox',
    said(
      '450-4.2.1 The user you are trying to contact is receiving mail at a rate that\n450-4.2.1 prevents additional messages from being delivered. Please resend your\n450-4.2.1 message at a later time. If the user is able to receive mail at that\n450 4.2.1 time, your message will be delivered. https://support.google.com/mail/?p=ReceivingRate - gsmtp',
    ),
    is('rate_limited', 'soft', 'diagnostic', 'text:receiving-too-fast'),
  ],
  [
    'reads Gmail\'s "very low reputation" as bad reputation',
    said(
      '421-4.7.0 [198.51.100.7 15] This message is suspicious due to the very low 421-4.7.0 reputation of the sending IP address/domain. To protect our users from 421-4.7.0 spam, mail sent from your IP address has been temporarily rate limited. 421 4.7.0 https://support.google.com/mail/answer/188131 - gsmtp',
    ),
    is('bad_reputation', 'soft', 'diagnostic', 'text:reputation'),
  ],
  [
    "reads Gmail's 552-5.3.4 as a message too big",
    said(
      "552-5.3.4 Your message exceeded Google's message size limits. Please visit 552-5.3.4 https://support.google.com/mail/?p=MaxSizeError to view our size guidelines. - gsmtp",
    ),
    is('message_too_big', 'soft', 'status-code', 'status:5.3.4'),
  ],
  [
    'reads Gmail\'s "wasn\'t sent over a TLS connection" as a policy, not a rate limit',
    said(
      "421-4.7.29 Your email has been rate limited because this message wasn't sent over a TLS connection. Gmail requires all bulk email senders to use TLS/SSL for SMTP connections. - gsmtp",
    ),
    is('policy_violation', 'soft', 'diagnostic', 'text:tls-required'),
  ],
  [
    'reads Gmail\'s "content presents a potential security issue" as a virus',
    said(
      '552-5.7.0 This message was blocked because its content presents a potential 552-5.7.0 security issue. Please visit 552-5.7.0 https://support.google.com/mail/?p=BlockedMessage to review our 552 5.7.0 message content and attachment content guidelines. - gsmtp',
    ),
    is('virus_detected', 'soft', 'diagnostic', 'text:virus'),
  ],
  [
    'reads Gmail\'s "not RFC 5322 compliant" as a content error',
    said(
      '550-5.7.1 [198.51.100.7] This message is not RFC 5322 compliant because it has 550-5.7.1 duplicate headers. To reduce the amount of spam sent to Gmail, 550 5.7.1 this message has been blocked. - gsmtp',
    ),
    is('content_error', 'soft', 'diagnostic', 'text:not-rfc-compliant'),
  ],
  [
    'reads Gmail\'s "the recipient\'s inbox is out of storage space" without a code as a full mailbox',
    said("The recipient's inbox is out of storage space. Please direct the recipient to https://support.google.com/mail/?p=OverQuotaTemp"),
    is('mailbox_full', 'soft', 'diagnostic', 'text:mailbox-full'),
  ],
];

const OUTLOOK: Row[] = [
  [
    'reads Outlook.com\'s 550 5.5.0 "mailbox unavailable" as an unknown user',
    said(
      '550 5.5.0 Requested action not taken: mailbox unavailable. [BN8NAM11FT054.eop-nam11.prod.protection.outlook.com 2025-01-15T10:21:44.123Z 08DD3456789ABCDE]',
    ),
    is('user_unknown', 'hard', 'diagnostic', 'text:mailbox-unavailable'),
  ],
  [
    'reads Office 365\'s 550 5.4.1 "Recipient address rejected: Access denied" as an unknown user',
    said(
      '550 5.4.1 Recipient address rejected: Access denied. AS(201806281) [DB5PEPF00014B8F.eurprd02.prod.outlook.com 2025-02-03T08:12:55.021Z 08DD43B2C1A0F9E8]',
    ),
    is('user_unknown', 'hard', 'diagnostic', 'text:office365-dbeb-access-denied'),
  ],
  [
    "reads Office 365's directory-based edge block by its marker when the status code is missing",
    said('550 Recipient address rejected: Access denied. AS(201806281) [AM6PR0502MB3778.eurprd05.prod.outlook.com]'),
    is('user_unknown', 'hard', 'diagnostic', 'text:office365-dbeb-marker'),
  ],
  [
    "reads Office 365's 550 5.1.10 RecipientNotFound as an unknown user, not a null MX",
    said('550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup'),
    is('user_unknown', 'hard', 'diagnostic', 'text:office365-recipient-not-found'),
  ],
  [
    "reads Outlook.com's block list (S3150) as a block",
    said(
      "550 5.7.1 Unfortunately, messages from [198.51.100.7] weren't sent. Please contact your Internet service provider since part of their network is on our block list (S3150). You can also refer your provider to http://mail.live.com/mail/troubleshooting.aspx#errors. [AM4PEPF00027A5F.eurprd04.prod.outlook.com 2025-03-01T09:00:00.000Z 08DD58A1B2C3D4E5]",
    ),
    is('blocked', 'soft', 'diagnostic', 'text:outlook-block-list-code'),
  ],
  [
    "reads Outlook.com's block list (S3140) as a block",
    said(
      "550 5.7.1 Unfortunately, messages from [198.51.100.7] weren't sent. Please contact your Internet service provider since part of their network is on our block list (S3140). You can also refer your provider to http://mail.live.com/mail/troubleshooting.aspx#errors.",
    ),
    is('blocked', 'soft', 'diagnostic', 'text:outlook-block-list-code'),
  ],
  [
    "reads Office 365's 5.7.606 banned sending IP as a block",
    said(
      '550 5.7.606 Access denied, banned sending IP [198.51.100.7]. To request removal from this list please visit https://sender.office.com/ and follow the directions. For more information please go to http://go.microsoft.com/fwlink/?LinkID=526655 AS(1430)',
    ),
    is('blocked', 'soft', 'status-code', 'status:5.7.606-649'),
  ],
  [
    "reads Office 365's 5.7.649 banned sending IP as a block",
    said('550 5.7.649 Access denied, banned sending IP [198.51.100.7]. AS(1430)'),
    is('blocked', 'soft', 'status-code', 'status:5.7.606-649'),
  ],
  [
    'reads a banned sending IP without its status code as a block',
    said('550 Access denied, banned sending IP [198.51.100.7]. To request removal from this list please visit https://sender.office.com/'),
    is('blocked', 'soft', 'diagnostic', 'text:banned-sender'),
  ],
  [
    "reads Outlook.com's 451 4.7.650 as throttling",
    said(
      '451 4.7.650 The mail server [198.51.100.7] has been temporarily rate limited due to IP reputation. For e-mail delivery information, see https://postmaster.live.com (S775) [SN1NAM04FT012.eop-NAM04.prod.protection.outlook.com 2025-01-20T11:22:33.444Z 08DD38A9B8C7D6E5]',
    ),
    is('rate_limited', 'soft', 'status-code', 'status:4.7.500-699'),
  ],
  [
    'reads Outlook.com\'s 451 4.7.500 "server busy" as throttling',
    said('451 4.7.500 Server busy. Please try again later from [198.51.100.7]. (AS761) [VI1EUR04FT050.eop-eur04.prod.protection.outlook.com]'),
    is('rate_limited', 'soft', 'status-code', 'status:4.7.500-699'),
  ],
  [
    "reads Outlook.com's connection limit (S3115) without its status code as a rate limit",
    said(
      '451 The mail server [198.51.100.7] has exceeded the maximum number of connections. (S3115) [Name=Protocol Filter Agent][AGT=PFA][MxId=11BA9B3FA168ABBF]',
    ),
    is('rate_limited', 'soft', 'diagnostic', 'text:outlook-connection-limit'),
  ],
  [
    "reads Outlook.com's RP-001 as bad reputation",
    said(
      "421 RP-001 (BAY004-MC1F41) Unfortunately, some messages from 198.51.100.7 weren't sent. Please try again. We have limits for how many messages can be sent per hour and per day. You can also refer to http://mail.live.com/mail/troubleshooting.aspx#errors.",
    ),
    is('bad_reputation', 'soft', 'diagnostic', 'text:outlook-reputation-code'),
  ],
  [
    "reads Outlook.com's OU-001 as a block",
    said(
      "550 OU-001 (SNT004-MC4F23) Unfortunately, messages from 198.51.100.7 weren't sent. Please contact your Internet service provider. You can also refer your provider to http://mail.live.com/mail/troubleshooting.aspx#errors.",
    ),
    is('blocked', 'soft', 'diagnostic', 'text:outlook-block-code'),
  ],
  [
    "reads Office 365's 5.7.509 as a DMARC failure",
    said(
      '550 5.7.509 Access denied, sending domain SENDER.EXAMPLE does not pass DMARC verification and has a DMARC policy of reject. [AM2PEPF0001C70E.eurprd05.prod.outlook.com]',
    ),
    is('auth_failure', 'soft', 'status-code', 'status:5.7.509'),
  ],
  [
    "reads Outlook.com's 5.7.515 as an authentication failure",
    said(
      "550 5.7.515 Access denied, sending domain SENDER.EXAMPLE doesn't meet the required authentication level. The sender's domain in the 5322.From address doesn't meet the authentication requirements defined for the sender. To learn how to fix this see: https://go.microsoft.com/fwlink/p/?linkid=2319303",
    ),
    is('auth_failure', 'soft', 'status-code', 'status:5.7.515'),
  ],
  [
    'reads Office 365\'s "RESOLVER.RST.AuthRequired" as a policy of the recipient\'s organisation',
    said('550 5.7.1 RESOLVER.RST.AuthRequired; authentication required [Stage: CreateMessage]'),
    is('policy_violation', 'soft', 'diagnostic', 'text:office365-restriction'),
  ],
  [
    "reads Office 365's 5.7.133 as a policy of the recipient's organisation",
    said('550 5.7.133 RESOLVER.RST.SenderNotAuthenticatedForGroup; authentication required [Stage: CreateMessage]'),
    is('policy_violation', 'soft', 'status-code', 'status:5.7.133'),
  ],
  [
    "reads Exchange Online's quota exception as a full mailbox",
    said(
      '554 5.2.2 mailbox full; STOREDRV.Deliver.Exception:QuotaExceededException.MapiExceptionShutoffQuotaExceeded; Failed to process message due to a permanent exception with message [BeginDiagnosticData]',
    ),
    is('mailbox_full', 'soft', 'status-code', 'status:5.2.2'),
  ],
  [
    "reads Office 365's 5.4.316 as expired",
    said('550 5.4.316 Message expired, connection refused(Socket error code 10061)'),
    is('expired', 'soft', 'status-code', 'status:5.4.316'),
  ],
  [
    "reads Office 365's 5.4.310 as an unknown domain",
    said('550 5.4.310 DNS domain example.invalid does not exist [Message=InfoDomainNonexistent] [LastAttemptedServerName=example.invalid]'),
    is('host_unknown', 'hard', 'status-code', 'status:5.4.310'),
  ],
  [
    "reads Office 365's 5.7.708 as a block",
    said(
      '550 5.7.708 Service unavailable. Access denied, traffic not accepted from this IP. For more information please go to http://go.microsoft.com/fwlink/?LinkId=526653 AS(7230)',
    ),
    is('blocked', 'soft', 'status-code', 'status:5.7.700-749'),
  ],
  [
    "reads Office 365's 5.7.501 spam abuse as a block",
    said(
      '550 5.7.501 Service unavailable. Spam abuse detected from IP range. For more information please go to http://go.microsoft.com/fwlink/?LinkId=526653. S(2017052602)',
    ),
    is('blocked', 'soft', 'status-code', 'status:5.7.501-503'),
  ],
  [
    'reads an Office 365 mail flow rule (5.7.900–5.7.999) as a policy',
    said('550 5.7.901 Delivery not authorized, message refused'),
    is('policy_violation', 'soft', 'status-code', 'status:5.7.900-999'),
  ],
  [
    "reads Office 365's temporary IP restriction (4.7.850–4.7.899) as a block",
    said('451 4.7.852 Access denied, please try again later. For more information please go to https://go.microsoft.com/fwlink/?linkid=2250407'),
    is('blocked', 'soft', 'status-code', 'status:4.7.850-899'),
  ],
];

const YAHOO_AOL: Row[] = [
  [
    'reads Yahoo\'s "doesn\'t have a yahoo.com account" as an unknown user',
    said("554 delivery error: dd This user doesn't have a yahoo.com account (someone@yahoo.com) [0] - mta1019.mail.gq1.yahoo.com"),
    is('user_unknown', 'hard', 'diagnostic', 'text:yahoo-no-such-account'),
  ],
  [
    "reads Yahoo's [TSS04] deferral as the sender's reputation",
    said(
      '421 4.7.0 [TSS04] Messages from 198.51.100.7 temporarily deferred due to unexpected volume or user complaints - 4.16.55.1; see https://postmaster.yahooinc.com/error-codes',
    ),
    is('bad_reputation', 'soft', 'diagnostic', 'text:yahoo-complaints-deferral'),
  ],
  [
    "reads Yahoo's [BL21] Spamhaus listing as a block",
    said(
      "553 5.7.1 [BL21] Connections will not be accepted from 198.51.100.7, because the ip is in Spamhaus's list; see http://postmaster.yahoo.com/550-bl23.html",
    ),
    is('blocked', 'soft', 'diagnostic', 'text:yahoo-block-list'),
  ],
  [
    "reads Yahoo's [TSS09] permanent deferral as a block",
    said(
      '553 5.7.2 [TSS09] All messages from 198.51.100.7 will be permanently deferred; Retrying will NOT succeed. See https://postmaster.yahooinc.com/error-codes',
    ),
    is('blocked', 'soft', 'diagnostic', 'text:yahoo-permanent-deferral'),
  ],
  [
    'reads Yahoo\'s "This mailbox is disabled (554.30)" as a disabled mailbox',
    said(
      '554 delivery error: dd Sorry, your message to someone@yahoo.com cannot be delivered. This mailbox is disabled (554.30). - mta4026.mail.bf1.yahoo.com',
    ),
    is('mailbox_disabled', 'hard', 'diagnostic', 'text:account-disabled'),
  ],
  [
    'reads AOL\'s "disabled or discontinued" as a disabled mailbox',
    said(
      '554 delivery error: dd Sorry your message to someone@aol.com cannot be delivered. This account has been disabled or discontinued [#102]. - mta1234.mail.bf1.yahoo.com',
    ),
    is('mailbox_disabled', 'hard', 'diagnostic', 'text:account-disabled'),
  ],
  [
    'reads Yahoo\'s "not accepted for policy reasons" as a policy',
    said('554 5.7.9 Message not accepted for policy reasons.  See https://postmaster.yahooinc.com/error-codes'),
    is('policy_violation', 'soft', 'diagnostic', 'text:local-policy'),
  ],
  [
    'reads Yahoo\'s "authenticate with either SPF or DKIM" as an authentication failure',
    said('550 5.7.9 This mail has been blocked because the sender is unauthenticated. Yahoo requires all senders to authenticate with either SPF or DKIM.'),
    is('auth_failure', 'soft', 'diagnostic', 'text:spf-dkim'),
  ],
  [
    'reads Yahoo\'s "mailbox not found" after DATA as an unknown user',
    said('552 1 Requested mail action aborted, mailbox not found (in reply to end of DATA command)'),
    is('user_unknown', 'hard', 'diagnostic', 'text:mailbox-unavailable'),
  ],
];

const ICLOUD: Row[] = [
  [
    'reads iCloud\'s "user does not exist" as an unknown user',
    said('550 5.1.1 <someone@icloud.com>: user does not exist'),
    is('user_unknown', 'hard', 'status-code', 'status:5.1.1'),
  ],
  [
    "reads iCloud's [CS01] local policy as a policy",
    said('554 5.7.1 [CS01] Message rejected due to local policy. Please visit https://support.apple.com/en-us/HT204137'),
    is('policy_violation', 'soft', 'diagnostic', 'text:local-policy'),
  ],
  [
    'reads iCloud\'s "user is over quota" as a full mailbox',
    said('552 5.2.2 <someone@icloud.com>: user is over quota (in reply to RCPT TO command)'),
    is('mailbox_full', 'soft', 'status-code', 'status:5.2.2'),
  ],
  [
    'reads iCloud\'s 5.1.6 "recipient no longer on server" as moved',
    said('550 5.1.6 recipient no longer on server: someone@icloud.com'),
    is('has_moved', 'hard', 'status-code', 'status:5.1.6'),
  ],
  [
    'reads iCloud\'s "recipient no longer on server" without a status code as moved',
    said('550 recipient no longer on server: someone@me.com'),
    is('has_moved', 'hard', 'diagnostic', 'text:icloud-no-longer-on-server'),
  ],
  [
    'reads iCloud\'s "unknown or illegal alias" as an unknown user',
    said('550 unknown or illegal alias: someone@icloud.com'),
    is('user_unknown', 'hard', 'diagnostic', 'text:icloud-unknown-address'),
  ],
  [
    'reads iCloud\'s "deferred due to excessive volume" as a rate limit',
    said('421 4.7.1 Messages to someone@icloud.com deferred due to excessive volume. Try again later - https://support.apple.com/en-us/HT204137'),
    is('rate_limited', 'soft', 'diagnostic', 'text:rate-limited'),
  ],
  [
    "reads iCloud's DMARC refusal as an authentication failure",
    said("554 5.7.1 Your message was rejected due to sender.example's DMARC policy. See https://support.apple.com/en-us/HT204137 for"),
    is('auth_failure', 'soft', 'diagnostic', 'text:dmarc'),
  ],
  [
    "reads iCloud's Proofpoint block as a block",
    said('550 5.7.0 Blocked - see https://support.proofpoint.com/dnsbl-lookup.cgi?ip=198.51.100.7'),
    is('blocked', 'soft', 'diagnostic', 'text:block-list-service'),
  ],
  [
    'reads iCloud\'s "not accepting connections" as a block',
    said('554 p28-smtpin001.me.com ESMTP not accepting connections'),
    is('blocked', 'soft', 'diagnostic', 'text:client-host-rejected'),
  ],
];

const UNITED_INTERNET: Row[] = [
  [
    'reads GMX\'s "mailbox unavailable" as an unknown user',
    said('550 Requested action not taken: mailbox unavailable'),
    is('user_unknown', 'hard', 'diagnostic', 'text:mailbox-unavailable'),
  ],
  [
    'reads GMX\'s "IP address is block listed" as a block',
    said(
      '554-gmx.net (mxgmx104) Nemesis ESMTP Service not available 554-No SMTP service 554-IP address is block listed. 554 For explanation visit https://postmaster.gmx.net/en/case?c=r0201&i=ip&v=198.51.100.7&r=1MNcgj-1ue23t3pyV-00S2YR',
    ),
    is('blocked', 'soft', 'diagnostic', 'text:block-list'),
  ],
  [
    "reads Web.de's Nemesis refusal without a cause as a block",
    said(
      '554-web.de (mxweb110) Nemesis ESMTP Service not available 554-No SMTP service 554 For explanation visit https://postmaster.web.de/en/case?c=r0301&i=ip&v=198.51.100.7&r=1MqYXc-1tBcDe2fGh-00AbCd',
    ),
    is('blocked', 'soft', 'diagnostic', 'text:united-internet-nemesis'),
  ],
  [
    'reads GMX\'s "Reject due to policy restrictions" as a policy',
    said(
      '554-gmx.net (mxgmx017) Nemesis ESMTP Service not available 554-No SMTP service 554-Reject due to policy restrictions. 554 For explanation visit https://postmaster.gmx.net/en/case?c=r0701',
    ),
    is('policy_violation', 'soft', 'diagnostic', 'text:local-policy'),
  ],
  [
    'reads Web.de\'s "Mailbox size limit exceeded" as a full mailbox',
    said('552 Mailbox size limit exceeded'),
    is('mailbox_full', 'soft', 'diagnostic', 'text:mailbox-full'),
  ],
];

const ORANGE: Row[] = [
  [
    'reads Orange\'s "Adresse d au moins un destinataire invalide" (5.1.1) as an unknown user',
    said('550 5.1.1 Adresse d au moins un destinataire invalide. Invalid recipient. OFR_416 [416] (in reply to RCPT TO command)'),
    is('user_unknown', 'hard', 'status-code', 'status:5.1.1'),
  ],
  [
    "reads Orange's OFR_416 without a status code as an unknown user",
    said('550 mwinf5c10 ME Adresse d au moins un destinataire invalide. Invalid recipient. OFR_416 [416]'),
    is('user_unknown', 'hard', 'diagnostic', 'text:orange-invalid-recipient'),
  ],
  [
    "reads Orange's OFR_999 as a block",
    said('421 mwinf5c77 ME Service refuse. Veuillez essayer plus tard. Service refused, please try later. OFR_999 [999]'),
    is('blocked', 'soft', 'diagnostic', 'text:orange-blocked'),
  ],
  [
    "reads Orange's OFR006_102 spam incident as a block",
    said(
      '550 mwinf5c04 ME Adresse IP source bloquee pour incident de spam. Client host blocked for spamming issues. OFR006_102 Ref http://csi.cloudmark.com/reset-request/?ip=198.51.100.7 [102]',
    ),
    is('blocked', 'soft', 'diagnostic', 'text:orange-blocked'),
  ],
  [
    'reads Orange\'s 421 "too many connections" (OFR005_104) as a rate limit',
    said('421 mwinf5c79 ME Trop de connexions, veuillez verifier votre configuration. Too many connections, slow down. OFR005_104 [104]'),
    is('rate_limited', 'soft', 'diagnostic', 'text:orange-too-many-connections'),
  ],
  [
    "reads La Poste's blocked recipient account (LPN007_426) as a disabled mailbox",
    said('550 5.5.0 Le compte du destinataire est bloque. The recipient account isblocked. LPN007_426'),
    is('mailbox_disabled', 'hard', 'diagnostic', 'text:orange-account-closed'),
  ],
  [
    "reads Orange's OFR_506 as spam",
    said('550 mwinf5c04 ME Mail rejete. Mail rejected. OFR_506 [506]'),
    is('spam_detected', 'soft', 'diagnostic', 'text:orange-spam'),
  ],
  [
    "reads Orange's OFR_514 as a message too big",
    said('552 mwinf5c20 ME Taille limite du message atteinte. Message size limit reached. OFR_514 [514]'),
    is('message_too_big', 'soft', 'diagnostic', 'text:orange-message-too-big'),
  ],
];

const MAILRU_YANDEX_COMCAST: Row[] = [
  [
    'reads Mail.ru\'s "invalid mailbox … user not found" as an unknown user',
    said('550 Message was not accepted -- invalid mailbox. Local mailbox someone@mail.ru is unavailable: user not found'),
    is('user_unknown', 'hard', 'diagnostic', 'text:user-unknown'),
  ],
  [
    'reads Mail.ru\'s "account is disabled" as a disabled mailbox, not an unknown user',
    said('550 Message was not accepted -- invalid mailbox. Local mailbox someone@mail.ru is unavailable: account is disabled'),
    is('mailbox_disabled', 'hard', 'diagnostic', 'text:account-disabled'),
  ],
  [
    'reads Mail.ru\'s "spam message rejected" as spam',
    said(
      '550 spam message rejected. Please visit http://help.mail.ru/notspam-support/id?c=AbCdEf or report details to abuse@corp.mail.ru. Error code: 2F2C94F3E8D6A2E7. ID: 00000001ABCD1234.',
    ),
    is('spam_detected', 'soft', 'diagnostic', 'text:spam-verdict'),
  ],
  [
    'reads Yandex\'s 550 5.7.1 "No such user!" as an unknown user',
    said('550 5.7.1 No such user!'),
    is('user_unknown', 'hard', 'diagnostic', 'text:user-unknown'),
  ],
  [
    'reads Yandex\'s "rejected under suspicion of SPAM" as spam',
    said('554 5.7.1 [2] Message rejected under suspicion of SPAM; https://ya.cc/1IrBc 1717000000-AbCdEfGh12-abc123'),
    is('spam_detected', 'soft', 'diagnostic', 'text:spam-verdict'),
  ],
  [
    'reads Yandex\'s "service is currently unavailable" as a system error',
    said('451 4.7.1 Sorry, the service is currently unavailable. Please come back later.'),
    is('system_error', 'soft', 'diagnostic', 'text:system-error'),
  ],
  [
    'reads Comcast\'s 550 5.1.1 "Not our Customer" as an unknown user',
    said('550 5.1.1 <someone@comcast.net> Not our Customer'),
    is('user_unknown', 'hard', 'status-code', 'status:5.1.1'),
  ],
  [
    'reads Comcast\'s "not our customer" without a status code as an unknown user',
    said('550 <someone@comcast.net> not our customer'),
    is('user_unknown', 'hard', 'diagnostic', 'text:comcast-not-our-customer'),
  ],
  [
    "reads Comcast's BL000000 as a block",
    said(
      '554 resimta-po-12v.sys.comcast.net comcast 198.51.100.7 Comcast block for spam.  Please see http://postmaster.comcast.net/smtp-error-codes.php#BL000000',
    ),
    is('blocked', 'soft', 'diagnostic', 'text:comcast-block-code'),
  ],
  [
    "reads Comcast's RL000001 as a rate limit",
    said('421 resimta-po-12v.sys.comcast.net 198.51.100.7 rate limited. Please see http://postmaster.comcast.net/smtp-error-codes.php#RL000001'),
    is('rate_limited', 'soft', 'diagnostic', 'text:comcast-rate-code'),
  ],
];

const MTAS: Row[] = [
  // Postfix
  [
    'reads Postfix\'s "User unknown in virtual mailbox table" as an unknown user',
    said('smtp; 550 5.1.1 <someone@example.com>: Recipient address rejected: User unknown in virtual mailbox table'),
    is('user_unknown', 'hard', 'status-code', 'status:5.1.1'),
  ],
  [
    'reads Postfix\'s "blocked using zen.spamhaus.org" as a block',
    said('554 5.7.1 Service unavailable; Client host [198.51.100.7] blocked using zen.spamhaus.org; https://www.spamhaus.org/query/ip/198.51.100.7'),
    is('blocked', 'soft', 'diagnostic', 'text:block-list-service'),
  ],
  [
    'reads a DNS block list other than the named services as a block',
    said('554 5.7.1 Service unavailable; Client host [198.51.100.7] blocked using bl.mailspike.net'),
    is('blocked', 'soft', 'diagnostic', 'text:dnsbl'),
  ],
  [
    "reads Postfix's 450 4.2.0 greylisting as a policy, counted nowhere",
    said('450 4.2.0 <someone@example.com>: Recipient address rejected: Greylisted, see http://postgrey.schweikert.ch/help/example.com.html'),
    is('policy_violation', 'soft', 'diagnostic', 'text:greylisting'),
  ],
  [
    'reads Postfix\'s 552 5.2.2 "Mailbox full" as a full mailbox',
    said('smtp; 552 5.2.2 <someone@example.com>: Mailbox full'),
    is('mailbox_full', 'soft', 'status-code', 'status:5.2.2'),
  ],
  [
    'reads Postfix\'s "Host or domain name not found" as an unknown domain',
    said('X-Postfix; Host or domain name not found. Name service error for name=examp1e.com type=AAAA: Host not found'),
    is('host_unknown', 'hard', 'diagnostic', 'text:domain-not-found'),
  ],
  [
    'reads Postfix\'s "Host not found, try again" as a network error, not an unknown domain',
    said('X-Postfix; Host or domain name not found. Name service error for name=example.com type=MX: Host not found, try again'),
    is('network_error', 'soft', 'diagnostic', 'text:dns-temporary-failure'),
  ],
  [
    'reads Postfix\'s "Relay access denied" as no relaying',
    said('554 5.7.1 <someone@example.com>: Relay access denied'),
    is('no_relaying', 'soft', 'diagnostic', 'text:relay-denied'),
  ],
  [
    "reads Postfix's connection time-out as a network error",
    said('X-Postfix; connect to mx.example.com[192.0.2.25]:25: Connection timed out'),
    is('network_error', 'soft', 'diagnostic', 'text:connection-failure'),
  ],
  [
    'reads Postfix\'s "cannot find your hostname" as a reverse DNS failure',
    said('450 4.7.1 Client host rejected: cannot find your hostname, [198.51.100.7]'),
    is('auth_failure', 'soft', 'diagnostic', 'text:reverse-dns'),
  ],
  [
    'reads Postfix\'s "Helo command rejected" as a block',
    said('504 5.5.2 <localhost>: Helo command rejected: need fully-qualified hostname'),
    is('blocked', 'soft', 'diagnostic', 'text:client-host-rejected'),
  ],
  [
    'reads Postfix\'s "Sender address rejected" as the sender\'s fault',
    said('553 <bounce@sender.example>: Sender address rejected: not owned by user bounce@sender.example'),
    is('auth_failure', 'soft', 'diagnostic', 'text:sender-address-rejected'),
  ],
  [
    'reads Postfix\'s 450 4.1.8 "Sender address rejected: Domain not found" as the sender\'s fault',
    said('450 4.1.8 <bounce@sender.example>: Sender address rejected: Domain not found'),
    is('auth_failure', 'soft', 'status-code', 'status:4.1.8'),
  ],
  // Exim
  [
    'reads Exim\'s "Unrouteable address" as an unknown domain',
    said('550 Unrouteable address'),
    is('host_unknown', 'hard', 'diagnostic', 'text:domain-not-found'),
  ],
  ['reads Exim\'s "retry timeout exceeded" as expired', said('retry timeout exceeded'), is('expired', 'soft', 'diagnostic', 'text:expired')],
  [
    'reads Exim\'s "Sender verify failed" as the sender\'s fault, though it says "No Such User Here"',
    said('550-Verification failed for <bounce@sender.example> 550-No Such User Here 550 Sender verify failed'),
    is('auth_failure', 'soft', 'diagnostic', 'text:sender-verify-failed'),
  ],
  ['reads Exim\'s "No Such User Here" as an unknown user', said('550 No Such User Here'), is('user_unknown', 'hard', 'diagnostic', 'text:user-unknown')],
  [
    'reads Exim\'s "Administrative prohibition" as a policy',
    said('550 Administrative prohibition'),
    is('policy_violation', 'soft', 'diagnostic', 'text:local-policy'),
  ],
  [
    'reads Exim\'s "MX records point to non-existent hosts" as an unknown domain',
    said('all relevant MX records point to non-existent hosts'),
    is('host_unknown', 'hard', 'diagnostic', 'text:domain-not-found'),
  ],
  [
    "reads Exim's SpamCop refusal after RCPT TO as a block",
    said(
      'SMTP error from remote mail server after RCPT TO:<someone@example.com>: 550 5.7.1 Mail from 198.51.100.7 refused, see http://www.spamcop.net/bl.shtml?198.51.100.7',
    ),
    is('blocked', 'soft', 'diagnostic', 'text:block-list-service'),
  ],
  [
    'reads Exim\'s "mailbox is full: retry timeout exceeded" as a full mailbox, not expired',
    said('mailbox is full: retry timeout exceeded'),
    is('mailbox_full', 'soft', 'diagnostic', 'text:mailbox-full'),
  ],
  // Sendmail
  [
    'reads Sendmail\'s "... User unknown" as an unknown user',
    said('550 5.1.1 <someone@example.com>... User unknown'),
    is('user_unknown', 'hard', 'status-code', 'status:5.1.1'),
  ],
  [
    'reads Sendmail\'s 553 5.1.8 "Domain of sender address does not exist" as the sender\'s fault',
    said('553 5.1.8 <bounce@sender.example>... Domain of sender address bounce@sender.example does not exist'),
    is('auth_failure', 'soft', 'status-code', 'status:5.1.8'),
  ],
  [
    'reads Sendmail\'s "Domain of sender address" without a status code as the sender\'s fault',
    said('553 <bounce@sender.example>... Domain of sender address bounce@sender.example does not exist'),
    is('auth_failure', 'soft', 'diagnostic', 'text:sender-address-rejected'),
  ],
  [
    'reads Sendmail\'s "Relaying denied" as no relaying',
    said('550 5.7.1 <someone@example.com>... Relaying denied. IP name lookup failed [198.51.100.7]'),
    is('no_relaying', 'soft', 'diagnostic', 'text:relay-denied'),
  ],
  [
    "reads Sendmail's 4.4.1 read error as a network error",
    said('451 4.4.1 reply: read error from mx.example.com.'),
    is('network_error', 'soft', 'status-code', 'status:4.4.1'),
  ],
  // Exchange
  [
    'reads Exchange\'s "#550 5.1.1 RESOLVER.ADR.RecipNotFound" as an unknown user',
    said('#550 5.1.1 RESOLVER.ADR.RecipNotFound; not found ##'),
    is('user_unknown', 'hard', 'status-code', 'status:5.1.1'),
  ],
  [
    'reads Exchange\'s "Hop count exceeded" as a network error',
    said('554 5.4.14 Hop count exceeded - possible mail loop ATTR34 [DB8EUR05FT012.eop-eur05.prod.protection.outlook.com]'),
    is('network_error', 'soft', 'status-code', 'status:5.4.14'),
  ],
  [
    "reads Exchange's RecipNotFound without a status code as an unknown user",
    said('RESOLVER.ADR.ExRecipNotFound; not found'),
    is('user_unknown', 'hard', 'diagnostic', 'text:office365-recipient-not-found'),
  ],
  // qmail
  [
    'reads qmail\'s "no mailbox here by that name (#5.1.1)" as an unknown user',
    said('Sorry, no mailbox here by that name. (#5.1.1)'),
    is('user_unknown', 'hard', 'status-code', 'status:5.1.1'),
  ],
  [
    'reads qmail\'s "no mailbox here by that name" without a status code as an unknown user',
    said('Sorry, no mailbox here by that name.'),
    is('user_unknown', 'hard', 'diagnostic', 'text:mailbox-unavailable'),
  ],
  [
    'reads qmail\'s "This message is looping" as a network error',
    said('This message is looping: it already has my Delivered-To line. (#5.4.6)'),
    is('network_error', 'soft', 'status-code', 'status:5.4.6'),
  ],
  [
    "reads qmail's looping message without its status code as a network error",
    said('This message is looping: it already has my Delivered-To line.'),
    is('network_error', 'soft', 'diagnostic', 'text:mail-loop'),
  ],
  [
    'reads qmail\'s "not in my list of allowed rcpthosts" as no relaying',
    said("553 sorry, that domain isn't in my list of allowed rcpthosts (#5.7.1)"),
    is('no_relaying', 'soft', 'diagnostic', 'text:relay-denied'),
  ],
  [
    'reads qmail\'s "couldn\'t find any host named" as an unknown domain',
    said("Sorry, I couldn't find any host named example.invalid. (#5.1.2)"),
    is('host_unknown', 'hard', 'status-code', 'status:5.1.2'),
  ],
];

const SES: Row[] = [
  ['types SES Permanent/General without any answer as an undetermined hard bounce', ses('Permanent', 'General'), is('undetermined', 'hard', 'provider-type')],
  [
    'reads SES Permanent/General with a 5.1.1 answer as an unknown user',
    ses('Permanent', 'General', { status: '5.1.1', diagnostic: 'smtp; 550 5.1.1 user unknown' }),
    is('user_unknown', 'hard', 'status-code', 'status:5.1.1'),
  ],
  ['reads SES Permanent/NoEmail as an unknown user', ses('Permanent', 'NoEmail'), is('user_unknown', 'hard', 'provider-field', 'ses.bounceSubType:noemail')],
  [
    'reads SES Permanent/Suppressed as suppressed',
    ses('Permanent', 'Suppressed', {
      diagnostic:
        'Amazon SES has suppressed sending to this address because it has a recent history of bouncing as an invalid address. For more information about how to remove an address from the suppression list, see the Amazon SES Developer Guide: https://docs.aws.amazon.com/ses/latest/DeveloperGuide/remove-from-suppressionlist.html',
    }),
    is('suppressed', 'hard', 'provider-field', 'ses.bounceSubType:suppressed'),
  ],
  [
    'reads SES Permanent/OnAccountSuppressionList as suppressed',
    ses('Permanent', 'OnAccountSuppressionList', {
      diagnostic:
        'Amazon SES did not send the message to this address because it is on the suppression list for your account. For more information about removing addresses from the suppression list, see the Amazon SES Developer Guide at https://docs.aws.amazon.com/ses/latest/dg/sending-email-suppression-list.html',
    }),
    is('suppressed', 'hard', 'provider-field', 'ses.bounceSubType:onaccountsuppressionlist'),
  ],
  [
    "reads SES's suppression-list wording without its fields as suppressed (Resend relays it so)",
    said('Amazon SES did not send the message to this address because it is on the suppression list for your account.'),
    is('suppressed', 'hard', 'diagnostic', 'text:ses-suppression-list'),
  ],
  [
    'reads SES Transient/MailboxFull as a full mailbox',
    ses('Transient', 'MailboxFull', { status: '4.2.2', diagnostic: 'smtp; 452 4.2.2 mailbox full' }),
    is('mailbox_full', 'soft', 'provider-field', 'ses.bounceSubType:mailboxfull'),
  ],
  [
    'reads SES Transient/MessageTooLarge as a message too big',
    ses('Transient', 'MessageTooLarge', { status: '5.3.4', diagnostic: 'smtp; 552 5.3.4 Message size exceeds fixed maximum message size' }),
    is('message_too_big', 'soft', 'provider-field', 'ses.bounceSubType:messagetoolarge'),
  ],
  [
    'reads SES Transient/ContentRejected as a content error',
    ses('Transient', 'ContentRejected'),
    is('content_error', 'soft', 'provider-field', 'ses.bounceSubType:contentrejected'),
  ],
  [
    'refines SES Transient/ContentRejected by the answer: spam',
    ses('Transient', 'ContentRejected', { status: '5.7.1', diagnostic: 'smtp; 554 5.7.1 Message rejected as spam by Content Filtering.' }),
    is('spam_detected', 'soft', 'diagnostic', 'text:spam-verdict'),
  ],
  [
    'reads SES Transient/AttachmentRejected as a content error',
    ses('Transient', 'AttachmentRejected'),
    is('content_error', 'soft', 'provider-field', 'ses.bounceSubType:attachmentrejected'),
  ],
  [
    'refines SES Transient/AttachmentRejected by the answer: a dangerous attachment',
    ses('Transient', 'AttachmentRejected', {
      diagnostic:
        'smtp; 552-5.7.0 This message was blocked because its content presents a potential 552-5.7.0 security issue. Please visit 552-5.7.0 https://support.google.com/mail/?p=BlockedMessage',
    }),
    is('virus_detected', 'soft', 'diagnostic', 'text:virus'),
  ],
  ['types SES Undetermined without any answer as an undetermined soft bounce', ses('Undetermined', 'Undetermined'), is('undetermined', 'soft', 'none')],
  [
    'reads SES Transient/General with 5.4.4 "Unable to route" as an unknown domain (the label is wrong)',
    ses('Transient', 'General', { status: '5.4.4', diagnostic: 'smtp; 550 5.4.4 Unable to route: no mail exchanger for no-such-domain.example' }),
    is('host_unknown', 'hard', 'status-code', 'status:5.4.4'),
  ],
  ['types SES Transient/General without any answer as an undetermined soft bounce', ses('Transient', 'General'), is('undetermined', 'soft', 'provider-type')],
  [
    'reads SES API v2 upper-case labels',
    ses('PERMANENT', 'ONACCOUNTSUPPRESSIONLIST'),
    is('suppressed', 'hard', 'provider-field', 'ses.bounceSubType:onaccountsuppressionlist'),
  ],
];

const MAILGUN: Row[] = [
  [
    "reads Mailgun's permanent bounce with Gmail's 5.1.1 message as an unknown user",
    mailgun('permanent', 'bounce', {
      replyCode: 550,
      diagnostic:
        "5.1.1 The email account that you tried to reach does not exist. Please try\n5.1.1 double-checking the recipient's email address for typos or\n5.1.1 unnecessary spaces. Learn more at\n5.1.1 https://support.google.com/mail/?p=NoSuchUser",
    }),
    is('user_unknown', 'hard', 'status-code', 'status:5.1.1'),
  ],
  [
    'reads Mailgun\'s permanent bounce of a spam refusal as spam: "permanent" does not make it the address\'s fault',
    mailgun('permanent', 'bounce', {
      replyCode: 550,
      diagnostic:
        '5.7.1 [198.51.100.7] Our system has detected that this message is likely unsolicited mail. To reduce the amount of spam sent to Gmail, this message has been blocked.',
    }),
    is('spam_detected', 'soft', 'diagnostic', 'text:unsolicited'),
  ],
  [
    "reads Mailgun's suppress-bounce as suppressed",
    mailgun('permanent', 'suppress-bounce', { replyCode: 605, diagnostic: 'Not delivering to previously bounced address' }),
    is('suppressed', 'hard', 'provider-field', 'mailgun.reason:suppress-bounce'),
  ],
  [
    'reads Mailgun\'s "previously bounced address" without its fields as suppressed',
    said('Not delivering to previously bounced address'),
    is('suppressed', 'hard', 'diagnostic', 'text:mailgun-previously-bounced'),
  ],
  [
    "reads Mailgun's suppress-complaint as a complaint",
    mailgun('permanent', 'suppress-complaint', { diagnostic: 'Not delivering to a user who marked your messages as spam' }),
    is('complaint', 'complaint', 'provider-field', 'mailgun.reason:suppress-complaint'),
  ],
  [
    'reads Mailgun\'s "marked your messages as spam" without its fields as a complaint',
    said('Not delivering to a user who marked your messages as spam'),
    is('complaint', 'complaint', 'diagnostic', 'text:mailgun-previous-complaint'),
  ],
  [
    'reads Mailgun\'s legacy "old" as expired',
    { provider: { scheme: 'mailgun', reason: 'old' }, diagnostic: 'Too old' },
    is('expired', 'soft', 'provider-field', 'mailgun.reason:old'),
  ],
  [
    'reads Mailgun\'s legacy "hardfail" as suppressed',
    { provider: { scheme: 'mailgun', reason: 'hardfail' } },
    is('suppressed', 'hard', 'provider-field', 'mailgun.reason:hardfail'),
  ],
  [
    'reads Mailgun\'s legacy "maxfails" as expired',
    { provider: { scheme: 'mailgun', reason: 'maxfails' } },
    is('expired', 'soft', 'provider-field', 'mailgun.reason:maxfails'),
  ],
  [
    "reads Mailgun's greylisted failure as a policy",
    mailgun('temporary', 'greylisted', { replyCode: 450, diagnostic: 'Recipient address rejected: Greylisted' }),
    is('policy_violation', 'soft', 'provider-field', 'mailgun.reason:greylisted'),
  ],
  [
    "reads Mailgun's legacy code 605 as suppressed",
    { provider: { scheme: 'mailgun', code: 605 } },
    is('suppressed', 'hard', 'provider-field', 'mailgun.code:605'),
  ],
  [
    "reads Mailgun's legacy code 607 as a complaint",
    { provider: { scheme: 'mailgun', code: '607' } },
    is('complaint', 'complaint', 'provider-field', 'mailgun.code:607'),
  ],
  [
    "types Mailgun's temporary generic failure without an answer as an undetermined soft bounce",
    mailgun('temporary', 'generic', { replyCode: 498, diagnostic: '' }),
    is('undetermined', 'soft', 'provider-type'),
  ],
  [
    'reads Mailgun\'s "No MX for" as an unknown domain',
    mailgun('permanent', 'generic', { replyCode: 550, diagnostic: 'No MX for nomx.example.com' }),
    is('host_unknown', 'hard', 'diagnostic', 'text:domain-not-found'),
  ],
];

const SENDGRID: Row[] = [
  [
    "reads SendGrid's Invalid Address as an unknown user",
    sendgrid('Invalid Address', 'bounce'),
    is('user_unknown', 'hard', 'provider-field', 'sendgrid.classification:invalid address'),
  ],
  [
    "refines SendGrid's Invalid Address by the status code: an unknown domain",
    sendgrid('Invalid Address', 'bounce', { status: '5.1.2', diagnostic: '550 5.1.2 <someone@example.invalid>: Recipient address rejected: Domain not found' }),
    is('host_unknown', 'hard', 'status-code', 'status:5.1.2'),
  ],
  [
    "reads SendGrid's Technical Failure as a system error",
    sendgrid('Technical Failure', 'blocked'),
    is('system_error', 'soft', 'provider-field', 'sendgrid.classification:technical failure'),
  ],
  [
    'reads SendGrid\'s "Technical" as a system error',
    sendgrid('Technical', 'blocked'),
    is('system_error', 'soft', 'provider-field', 'sendgrid.classification:technical'),
  ],
  [
    "refines SendGrid's Technical Failure by the answer: a network error",
    sendgrid('Technical Failure', 'blocked', { status: '4.4.2', diagnostic: '421 4.4.2 mx.example.com Error: timeout exceeded' }),
    is('network_error', 'soft', 'status-code', 'status:4.4.2'),
  ],
  [
    "reads SendGrid's Content as a content error",
    sendgrid('Content', 'blocked'),
    is('content_error', 'soft', 'provider-field', 'sendgrid.classification:content'),
  ],
  [
    "refines SendGrid's Content by the answer: a virus",
    sendgrid('Content', 'blocked', { status: '5.7.1', diagnostic: '554 5.7.1 Message rejected: virus found in attachment' }),
    is('virus_detected', 'soft', 'diagnostic', 'text:virus'),
  ],
  [
    "reads SendGrid's Reputation as bad reputation",
    sendgrid('Reputation', 'blocked'),
    is('bad_reputation', 'soft', 'provider-field', 'sendgrid.classification:reputation'),
  ],
  [
    "refines SendGrid's Reputation by the answer: a block list",
    sendgrid('Reputation', 'blocked', {
      status: '5.7.1',
      diagnostic: '554 5.7.1 Service unavailable; Client host [198.51.100.7] blocked using bl.spamcop.net',
    }),
    is('blocked', 'soft', 'diagnostic', 'text:block-list-service'),
  ],
  [
    "reads SendGrid's Frequency or Volume Too High as a rate limit",
    sendgrid('Frequency or Volume Too High', 'blocked'),
    is('rate_limited', 'soft', 'provider-field', 'sendgrid.classification:frequency or volume too high'),
  ],
  [
    "reads SendGrid's Mailbox Unavailable as a full mailbox",
    sendgrid('Mailbox Unavailable', 'blocked'),
    is('mailbox_full', 'soft', 'provider-field', 'sendgrid.classification:mailbox unavailable'),
  ],
  [
    "refines SendGrid's Mailbox Unavailable by the answer: a disabled mailbox",
    sendgrid('Mailbox Unavailable', 'bounce', { status: '5.2.1', diagnostic: '550 5.2.1 The email account that you tried to reach is disabled.' }),
    is('mailbox_disabled', 'hard', 'status-code', 'status:5.2.1'),
  ],
  [
    "reads SendGrid's Unclassified by the answer",
    sendgrid('Unclassified', 'bounce', { status: '5.1.1', diagnostic: '550 5.1.1 <someone@example.com>: Recipient address rejected: User unknown' }),
    is('user_unknown', 'hard', 'status-code', 'status:5.1.1'),
  ],
  [
    "types SendGrid's Unassigned bounce without an answer as an undetermined hard bounce",
    sendgrid('Unassigned', 'bounce'),
    is('undetermined', 'hard', 'provider-type'),
  ],
  [
    'types SendGrid\'s "blocked" without a cause as an undetermined soft bounce: "blocked" is only its word',
    sendgrid(null, 'blocked'),
    is('undetermined', 'soft', 'provider-type'),
  ],
  [
    'reads SendGrid\'s dropped "Bounced Address" as suppressed',
    { provider: { scheme: 'sendgrid', droppedReason: 'Bounced Address' } },
    is('suppressed', 'hard', 'provider-field', 'sendgrid.droppedReason:bounced address'),
  ],
  [
    'reads SendGrid\'s dropped "Spam Reporting Address" as a complaint',
    { provider: { scheme: 'sendgrid', droppedReason: 'Spam Reporting Address' } },
    is('complaint', 'complaint', 'provider-field', 'sendgrid.droppedReason:spam reporting address'),
  ],
  [
    'reads SendGrid\'s dropped "Invalid" as an unknown user',
    { provider: { scheme: 'sendgrid', droppedReason: 'Invalid' } },
    is('user_unknown', 'hard', 'provider-field', 'sendgrid.droppedReason:invalid'),
  ],
];

const WORDINGS: Row[] = [
  [
    'reads "rate limited" as a rate limit',
    said('450 4.7.1 Rate limited, try again in 60 seconds'),
    is('rate_limited', 'soft', 'diagnostic', 'text:rate-limited'),
  ],
  [
    'reads "too many concurrent SMTP connections" as a rate limit',
    said('421 4.7.0 Too many concurrent SMTP connections from this IP address; please try again later'),
    is('rate_limited', 'soft', 'diagnostic', 'text:too-many-connections'),
  ],
  [
    'reads "too many messages" as a rate limit',
    said('452 Too many messages from 198.51.100.7 in the last hour'),
    is('rate_limited', 'soft', 'diagnostic', 'text:too-many-messages'),
  ],
  [
    'reads "daily sending quota exceeded" as a rate limit, not a full mailbox',
    said('550 Daily user sending quota exceeded.'),
    is('rate_limited', 'soft', 'diagnostic', 'text:sending-quota'),
  ],
  [
    'reads a spam score as spam',
    said('550 5.7.1 Message rejected: spam score 12.3 exceeds threshold (SpamAssassin)'),
    is('spam_detected', 'soft', 'diagnostic', 'text:spam-filter'),
  ],
  [
    'reads "message too big" as a message too big',
    said('552 Message size exceeds maximum permitted'),
    is('message_too_big', 'soft', 'diagnostic', 'text:message-too-big'),
  ],
  [
    'reads a refused attachment as a content error',
    said('550 Attachments not allowed: .exe'),
    is('content_error', 'soft', 'diagnostic', 'text:attachment-refused'),
  ],
  [
    'reads "sender policy framework" as an authentication failure',
    said('550 The message was rejected because of Sender Policy Framework violation'),
    is('auth_failure', 'soft', 'diagnostic', 'text:spf-dkim'),
  ],
  [
    'reads "fails to pass authentication checks" as an authentication failure',
    said('550 This message fails to pass authentication checks and has been rejected'),
    is('auth_failure', 'soft', 'diagnostic', 'text:unauthenticated'),
  ],
  ['reads a black list as a block', said('550 Your IP 198.51.100.7 is blacklisted'), is('blocked', 'soft', 'diagnostic', 'text:block-list')],
  [
    'reads "mailbox unavailable or access denied" as an unknown user',
    said('550 mailbox unavailable or access denied'),
    is('user_unknown', 'hard', 'diagnostic', 'text:mailbox-unavailable'),
  ],
  [
    'reads "invalid recipient" as an unknown user',
    said('550 Invalid recipient <someone@example.com>'),
    is('user_unknown', 'hard', 'diagnostic', 'text:recipient-unknown'),
  ],
  [
    'reads a French "utilisateur inconnu" as an unknown user',
    said('550 utilisateur inconnu !'),
    is('user_unknown', 'hard', 'diagnostic', 'text:user-unknown-localised'),
  ],
  ['reads "mailbox has moved" as moved', said('550 User has moved; please try someone@new.example'), is('has_moved', 'hard', 'diagnostic', 'text:has-moved')],
  [
    "reads RFC 7505's null MX wording as no mail accepted",
    said('556 5.1.10 Recipient address has null MX'),
    is('not_accept', 'hard', 'diagnostic', 'text:null-mx'),
  ],
  [
    'reads "does not accept mail" without a status code as no mail accepted',
    said('550 host/domain does not accept mail'),
    is('not_accept', 'hard', 'diagnostic', 'text:null-mx'),
  ],
  [
    'reads RFC 7504\'s "Domain does not accept mail" as no mail accepted',
    said('556 Domain does not accept mail'),
    is('not_accept', 'hard', 'diagnostic', 'text:null-mx'),
  ],
  ['reads "over quota" as a full mailbox', said('552 someone@example.com: user is over quota'), is('mailbox_full', 'soft', 'diagnostic', 'text:over-quota')],
  [
    'reads a temporary server problem as a system error',
    said('451 Temporary local problem - please try later'),
    is('system_error', 'soft', 'diagnostic', 'text:system-error'),
  ],
  ['reads the single word "spam" as spam', said('550 Rejected: looks spammy'), is('spam_detected', 'soft', 'diagnostic', 'text:word-spam')],
  ['reads the single word "blocked" as a block', said('550 Message blocked'), is('blocked', 'soft', 'diagnostic', 'text:word-blocked')],
  ['reads the single word "policy" as a policy', said('550 Rejected by policy'), is('policy_violation', 'soft', 'diagnostic', 'text:word-policy')],
  ['reads "try again later" alone as a system error', said('421 Please try again later'), is('system_error', 'soft', 'diagnostic', 'text:word-try-later')],
  [
    'reads a bare "Recipient address rejected" as an unknown user',
    said('550 <someone@example.com>: Recipient address rejected'),
    is('user_unknown', 'hard', 'diagnostic', 'text:word-recipient-rejected'),
  ],
];

/** Each enhanced status code of the tables, alone: what it means without words. */
const STATUS_CODES: Row[] = (
  [
    ['5.0.0', 'undetermined'],
    ['4.0.0', 'undetermined'],
    ['5.1.0', 'undetermined'],
    ['5.1.1', 'user_unknown'],
    ['4.1.1', 'user_unknown'],
    ['5.1.2', 'host_unknown'],
    ['5.1.3', 'user_unknown'],
    ['5.1.6', 'has_moved'],
    ['5.1.7', 'auth_failure'],
    ['5.1.8', 'auth_failure'],
    ['5.1.10', 'not_accept'],
    ['5.1.90', 'rate_limited'],
    ['5.1.351', 'user_unknown'],
    ['5.1.4', 'undetermined'],
    ['5.2.0', 'undetermined'],
    ['4.2.1', 'mailbox_disabled'],
    ['5.2.1', 'mailbox_disabled'],
    ['5.2.2', 'mailbox_full'],
    ['5.2.3', 'message_too_big'],
    ['5.2.4', 'system_error'],
    ['5.2.121', 'rate_limited'],
    ['5.2.122', 'rate_limited'],
    ['5.3.0', 'system_error'],
    ['4.3.1', 'system_error'],
    ['4.3.2', 'system_error'],
    ['5.3.3', 'system_error'],
    ['5.3.4', 'message_too_big'],
    ['5.3.5', 'system_error'],
    ['4.4.0', 'network_error'],
    ['4.4.1', 'network_error'],
    ['5.4.1', 'network_error'],
    ['4.4.2', 'network_error'],
    ['4.4.3', 'network_error'],
    ['4.4.4', 'network_error'],
    ['5.4.4', 'host_unknown'],
    ['4.4.5', 'system_error'],
    ['5.4.6', 'network_error'],
    ['4.4.7', 'expired'],
    ['5.4.7', 'expired'],
    ['5.4.14', 'network_error'],
    ['5.4.300', 'expired'],
    ['5.4.310', 'host_unknown'],
    ['4.4.312', 'network_error'],
    ['4.4.316', 'network_error'],
    ['5.4.316', 'expired'],
    ['4.4.8', 'network_error'],
    ['5.5.0', 'undetermined'],
    ['4.5.3', 'rate_limited'],
    ['5.5.2', 'system_error'],
    ['5.6.0', 'content_error'],
    ['5.6.3', 'content_error'],
    ['5.7.0', 'policy_violation'],
    ['4.7.1', 'policy_violation'],
    ['5.7.2', 'policy_violation'],
    ['5.7.12', 'policy_violation'],
    ['5.7.13', 'mailbox_disabled'],
    ['5.7.16', 'message_too_big'],
    ['5.7.17', 'has_moved'],
    ['5.7.18', 'has_moved'],
    ['5.7.20', 'auth_failure'],
    ['5.7.21', 'auth_failure'],
    ['5.7.22', 'auth_failure'],
    ['5.7.23', 'auth_failure'],
    ['4.7.24', 'auth_failure'],
    ['5.7.25', 'auth_failure'],
    ['5.7.26', 'auth_failure'],
    ['5.7.27', 'auth_failure'],
    ['4.7.28', 'rate_limited'],
    ['5.7.28', 'spam_detected'],
    ['5.7.29', 'auth_failure'],
    ['5.7.30', 'policy_violation'],
    ['4.7.32', 'auth_failure'],
    ['4.7.40', 'auth_failure'],
    ['5.7.54', 'no_relaying'],
    ['5.7.64', 'no_relaying'],
    ['5.7.124', 'policy_violation'],
    ['5.7.133', 'policy_violation'],
    ['5.7.134', 'policy_violation'],
    ['5.7.135', 'policy_violation'],
    ['5.7.136', 'policy_violation'],
    ['5.7.504', 'user_unknown'],
    ['5.7.505', 'mailbox_disabled'],
    ['5.7.506', 'blocked'],
    ['5.7.507', 'blocked'],
    ['5.7.508', 'rate_limited'],
    ['5.7.509', 'auth_failure'],
    ['5.7.510', 'policy_violation'],
    ['5.7.511', 'blocked'],
    ['5.7.512', 'content_error'],
    ['5.7.513', 'blocked'],
    ['5.7.515', 'auth_failure'],
    ['5.7.520', 'policy_violation'],
    ['5.7.750', 'blocked'],
    ['4.7.699', 'rate_limited'],
    ['5.7.503', 'blocked'],
    ['5.7.999', 'policy_violation'],
    ['5.7.8', 'policy_violation'],
  ] as const
).map(([status, reason]): Row => [
  `reads ${status} alone as ${reason}`,
  { status },
  {
    reason,
    type: reason === 'undetermined' || status.startsWith('4') || categoryOf(reason) !== 'recipient' ? 'soft' : 'hard',
    decidedBy: reason === 'undetermined' ? 'none' : 'status-code',
  },
]);

/** Conflicts between kinds of evidence, settled by the order of `classifyBounce`. */
const EVIDENCE_ORDER: Row[] = [
  [
    'lets a provider field that names a cause win over the status code',
    ses('Permanent', 'OnAccountSuppressionList', { status: '5.7.1', diagnostic: 'smtp; 554 5.7.1 Message rejected' }),
    is('suppressed', 'hard', 'provider-field'),
  ],
  [
    'keeps a coarse provider cause against an answer outside what it allows (SendGrid Technical Failure, "user unknown")',
    sendgrid('Technical Failure', 'bounce', { status: '5.1.1', diagnostic: '550 5.1.1 <someone@example.com>: Recipient address rejected: User unknown' }),
    is('system_error', 'soft', 'provider-field'),
  ],
  [
    'keeps SendGrid\'s Mailbox Unavailable against an answer of "user unknown"',
    sendgrid('Mailbox Unavailable', 'bounce', { status: '5.1.1', diagnostic: '550 5.1.1 User unknown' }),
    is('mailbox_full', 'soft', 'provider-field'),
  ],
  [
    'lets words that blame the address less overrule a decisive code (5.1.1 citing Spamhaus)',
    said('550 5.1.1 <someone@example.com>: Client host [198.51.100.7] blocked using zen.spamhaus.org'),
    is('blocked', 'soft', 'diagnostic', 'text:block-list-service'),
  ],
  [
    "lets words that blame the address less overrule a decisive code (Orange's 5.1.1 for a full mailbox)",
    said('552 5.1.1 Boite du destinataire pleine. Recipient overquota. OFR_417 [417]'),
    is('mailbox_full', 'soft', 'diagnostic', 'text:orange-mailbox-full'),
  ],
  [
    'keeps a decisive code against words that blame the address more (5.2.2 with "mailbox unavailable")',
    said('552 5.2.2 <someone@example.com>: Recipient address rejected: Mailbox unavailable'),
    is('mailbox_full', 'soft', 'status-code', 'status:5.2.2'),
  ],
  [
    'keeps a decisive code against words of the same weight (5.7.26 with "policy")',
    said('550 5.7.26 Message rejected due to local policy: authentication checks did not pass'),
    is('auth_failure', 'soft', 'status-code', 'status:5.7.26'),
  ],
  [
    'never lets a single word overrule a decisive code',
    said('550 5.1.1 <someone@example.com>... Recipient blocked'),
    is('user_unknown', 'hard', 'status-code', 'status:5.1.1'),
  ],
  ['lets the words decide under a generic code (5.7.1)', said('550 5.7.1 No such user!'), is('user_unknown', 'hard', 'diagnostic')],
  [
    "falls back on a generic code's reason when the words say nothing",
    said('550 5.7.1 Message refused'),
    is('policy_violation', 'soft', 'status-code', 'status:5.7.1'),
  ],
  [
    'prefers the status code given apart to the one in the text',
    { status: '5.2.2', diagnostic: '550 5.1.1 over quota' },
    is('mailbox_full', 'soft', 'status-code', 'status:5.2.2'),
  ],
  [
    'prefers the text\'s status code to a class-only one given apart (SendGrid "5.0.0")',
    sendgrid(null, 'bounce', { status: '5.0.0', diagnostic: '550 5.1.1 <someone@example.com>: Recipient address rejected: User unknown' }),
    { ...is('user_unknown', 'hard', 'status-code'), status: '5.1.1' },
  ],
  [
    "uses the provider's word only when nothing else speaks",
    sendgrid(null, 'bounce', { diagnostic: '550 5.7.1 Delivery not authorized' }),
    is('policy_violation', 'soft', 'diagnostic'),
  ],
  [
    "lets a word given by the caller stand for the provider's",
    { provider: { scheme: 'ses', bounceType: 'Transient', bounceSubType: 'General' }, providerType: 'hard' },
    is('undetermined', 'hard', 'provider-type'),
  ],
  [
    'answers undetermined and soft when there is no evidence at all',
    {},
    { reason: 'undetermined', category: 'undetermined', type: 'soft', status: null, decidedBy: 'none', rule: null },
  ],
];

/** Evidence that can be read two ways, read the way that does not punish the recipient. */
const AMBIGUITIES: Row[] = [
  [
    'never makes a hard bounce of a temporary reply (450 4.1.1 "User unknown")',
    said('450 4.1.1 <someone@example.com>: Recipient address rejected: User unknown in local recipient table'),
    is('user_unknown', 'soft', 'status-code'),
  ],
  [
    'types an undetermined temporary reply soft, whatever the provider said',
    ses('Permanent', 'General', { diagnostic: 'smtp; 421 Service not available, closing transmission channel' }),
    is('undetermined', 'soft', 'provider-type'),
  ],
  [
    'reads a refusal of MAIL FROM as the sender\'s fault, even as "user unknown"',
    said('host mx.example.com[192.0.2.25] said: 550 5.1.1 <bounce@sender.example>: User unknown (in reply to MAIL FROM command)'),
    is('auth_failure', 'soft', 'status-code', 'status:5.1.1+before-rcpt'),
  ],
  [
    "reads a refusal of the greeting as the sender's fault, even as an unknown domain",
    said('host mx.example.com[192.0.2.25] refused to talk to me: 554 Host unknown (while receiving the initial server greeting)'),
    is('auth_failure', 'soft', 'diagnostic', 'text:domain-not-found+before-rcpt'),
  ],
  [
    'reads Postfix\'s "Recipient address rejected: Access denied" (an access map) as a policy, not an unknown user',
    said('554 5.7.1 <someone@example.com>: Recipient address rejected: Access denied'),
    is('policy_violation', 'soft', 'diagnostic', 'text:access-denied'),
  ],
  ['reads 5.1.0 "other address status" as undetermined, not an unknown user', said('550 5.1.0 Address rejected.'), is('undetermined', 'soft', 'none')],
  [
    'reads Office 365\'s 4.4.312 "DNS query failed" as a network error, not an unknown domain',
    said('450 4.4.312 DNS query failed [Message=InfoNoRecords] [LastAttemptedServerName=example.com]'),
    is('network_error', 'soft', 'status-code', 'status:4.4.312'),
  ],
  [
    'reads Gmail\'s "over quota and inactive" as a full mailbox',
    said(
      '552-5.2.2 The email account that you tried to reach is over quota and inactive. Please direct the recipient to https://support.google.com/mail/?p=OverQuotaPerm',
    ),
    is('mailbox_full', 'soft', 'status-code', 'status:5.2.2'),
  ],
  [
    'reads a text that blames both the sender and the address as blaming the sender',
    said('550 Rejected: user unknown or your IP 198.51.100.7 is listed on our block list'),
    is('blocked', 'soft', 'diagnostic', 'text:block-list'),
  ],
];

const mailjet = (errorRelatedTo: string, error: string, hardBounce: string | null, more: Partial<BounceEvidence> = {}): BounceEvidence => ({
  provider: { scheme: 'mailjet', errorRelatedTo, error, hardBounce },
  ...more,
});

const MAILJET: Row[] = [
  [
    "reads Mailjet's recipient / user unknown as user unknown",
    mailjet('recipient', 'user unknown', 'true'),
    is('user_unknown', 'hard', 'provider-field', 'mailjet.error:user unknown'),
  ],
  [
    "reads Mailjet's recipient / mailbox inactive as mailbox disabled",
    mailjet('recipient', 'mailbox inactive', 'true'),
    is('mailbox_disabled', 'hard', 'provider-field', 'mailjet.error:mailbox inactive'),
  ],
  [
    "reads Mailjet's recipient / quota exceeded as mailbox full",
    mailjet('recipient', 'quota exceeded', 'false'),
    is('mailbox_full', 'soft', 'provider-field', 'mailjet.error:quota exceeded'),
  ],
  [
    "reads Mailjet's recipient / spam reporter as complaint",
    mailjet('recipient', 'spam reporter', 'false'),
    is('complaint', 'complaint', 'provider-field', 'mailjet.error:spam reporter'),
  ],
  [
    "reads Mailjet's domain / invalid domain as host unknown",
    mailjet('domain', 'invalid domain', 'true'),
    is('host_unknown', 'hard', 'provider-field', 'mailjet.error:invalid domain'),
  ],
  [
    "reads Mailjet's domain / no mail host as host unknown",
    mailjet('domain', 'no mail host', 'true'),
    is('host_unknown', 'hard', 'provider-field', 'mailjet.error:no mail host'),
  ],
  [
    "reads Mailjet's domain / typofix as host unknown",
    mailjet('domain', 'typofix', 'true'),
    is('host_unknown', 'hard', 'provider-field', 'mailjet.error:typofix'),
  ],
  [
    "reads Mailjet's domain / relay/access denied as no relaying",
    mailjet('domain', 'relay/access denied', 'true'),
    is('no_relaying', 'soft', 'provider-field', 'mailjet.error:relay/access denied'),
  ],
  [
    "reads Mailjet's domain / greylisted as expired",
    mailjet('domain', 'greylisted', 'true'),
    is('expired', 'soft', 'provider-field', 'mailjet.error:greylisted'),
  ],
  [
    "reads Mailjet's domain / timeout as network error",
    mailjet('domain', 'timeout', 'true'),
    is('network_error', 'soft', 'provider-field', 'mailjet.error:timeout'),
  ],
  [
    "reads Mailjet's content / bad or empty template as content error",
    mailjet('content', 'bad or empty template', 'false'),
    is('content_error', 'soft', 'provider-field', 'mailjet.error:bad or empty template'),
  ],
  [
    "reads Mailjet's content / error in template language as content error",
    mailjet('content', 'error in template language', 'false'),
    is('content_error', 'soft', 'provider-field', 'mailjet.error:error in template language'),
  ],
  [
    "reads Mailjet's spam / sender blocked as blocked",
    mailjet('spam', 'sender blocked', 'true'),
    is('blocked', 'soft', 'provider-field', 'mailjet.error:sender blocked'),
  ],
  [
    "reads Mailjet's spam / content blocked as spam detected",
    mailjet('spam', 'content blocked', 'true'),
    is('spam_detected', 'soft', 'provider-field', 'mailjet.error:content blocked'),
  ],
  [
    "reads Mailjet's spam / policy issue as policy violation",
    mailjet('spam', 'policy issue', 'true'),
    is('policy_violation', 'soft', 'provider-field', 'mailjet.error:policy issue'),
  ],
  [
    "reads Mailjet's system / system issue as system error",
    mailjet('system', 'system issue', 'false'),
    is('system_error', 'soft', 'provider-field', 'mailjet.error:system issue'),
  ],
  [
    "reads Mailjet's system / protocol issue as system error",
    mailjet('system', 'protocol issue', 'false'),
    is('system_error', 'soft', 'provider-field', 'mailjet.error:protocol issue'),
  ],
  [
    "reads Mailjet's system / connection issue as network error",
    mailjet('system', 'connection issue', 'false'),
    is('network_error', 'soft', 'provider-field', 'mailjet.error:connection issue'),
  ],
  [
    "reads Mailjet's mailjet / preblocked as blocked",
    mailjet('mailjet', 'preblocked', 'false'),
    is('blocked', 'soft', 'provider-field', 'mailjet.error:preblocked'),
  ],
  [
    "reads Mailjet's mailjet / spam preblocked as blocked",
    mailjet('mailjet', 'spam preblocked', 'false'),
    is('blocked', 'soft', 'provider-field', 'mailjet.error:spam preblocked'),
  ],
  [
    "reads Mailjet's spam / something new as blocked",
    mailjet('spam', 'something new', 'true'),
    is('blocked', 'soft', 'provider-field', 'mailjet.errorRelatedTo:spam'),
  ],
  [
    "reads Mailjet's content / something new as content error",
    mailjet('content', 'something new', 'false'),
    is('content_error', 'soft', 'provider-field', 'mailjet.errorRelatedTo:content'),
  ],
  [
    "reads Mailjet's system / something new as system error",
    mailjet('system', 'something new', 'false'),
    is('system_error', 'soft', 'provider-field', 'mailjet.errorRelatedTo:system'),
  ],
  [
    "reads Mailjet's mailjet / something new as blocked",
    mailjet('mailjet', 'something new', 'false'),
    is('blocked', 'soft', 'provider-field', 'mailjet.errorRelatedTo:mailjet'),
  ],
  [
    "refines Mailjet's user unknown by its comment: an unknown domain (Mailjet's documented sample)",
    mailjet('recipient', 'user unknown', 'true', {
      diagnostic: 'Host or domain name not found. Name service error for name=lbjsnrftlsiuvbsren.com type=A: Host not found',
    }),
    { reason: 'host_unknown', type: 'hard', decidedBy: 'diagnostic' },
  ],
  [
    "never lets a comment make Mailjet's sender blocked the recipient's",
    mailjet('spam', 'sender blocked', 'true', { diagnostic: '550 5.1.1 <someone@example.com>: user unknown' }),
    is('blocked', 'soft', 'provider-field', 'mailjet.error:sender blocked'),
  ],
  [
    "takes Mailjet's hard_bounce as the word for an error it never documented",
    mailjet('recipient', 'something new', 'true'),
    { reason: 'undetermined', type: 'hard', decidedBy: 'provider-type' },
  ],
];

const sparkpost = (bounceClass: string | number | null, more: Partial<BounceEvidence> = {}): BounceEvidence => ({
  provider: { scheme: 'sparkpost', bounceClass },
  ...more,
});

// SparkPost's bounce classification codes: Hard (10, 30) names the address; Soft, Block and Admin never do.
const SPARKPOST: Row[] = [
  [
    "reads SparkPost's class 10 (Invalid Recipient) as an unknown user",
    sparkpost('10'),
    is('user_unknown', 'hard', 'provider-field', 'sparkpost.bounceClass:10'),
  ],
  [
    "reads SparkPost's class 30 (Generic Bounce: No RCPT) as an unknown user",
    sparkpost(30),
    is('user_unknown', 'hard', 'provider-field', 'sparkpost.bounceClass:30'),
  ],
  [
    "refines SparkPost's class 10 by the answer: an unknown domain",
    sparkpost('10', { diagnostic: '550 5.1.2 <someone@example.invalid>: Recipient address rejected: Domain not found' }),
    is('host_unknown', 'hard', 'status-code', 'status:5.1.2'),
  ],
  [
    "reads SparkPost's class 20 (Soft Bounce) as undetermined and soft",
    sparkpost('20'),
    is('undetermined', 'soft', 'provider-field', 'sparkpost.bounceClass:20'),
  ],
  [
    "never lets words of an unknown user make SparkPost's class 20 hard",
    sparkpost('20', { diagnostic: '550 5.1.1 The email account that you tried to reach does not exist' }),
    is('undetermined', 'soft', 'provider-field', 'sparkpost.bounceClass:20'),
  ],
  ["reads SparkPost's class 21 (DNS Failure) as a network error", sparkpost('21'), is('network_error', 'soft', 'provider-field', 'sparkpost.bounceClass:21')],
  ["reads SparkPost's class 22 (Mailbox Full) as a full mailbox", sparkpost('22'), is('mailbox_full', 'soft', 'provider-field', 'sparkpost.bounceClass:22')],
  ["reads SparkPost's class 23 (Too Large) as a message too big", sparkpost('23'), is('message_too_big', 'soft', 'provider-field', 'sparkpost.bounceClass:23')],
  ["reads SparkPost's class 24 (Timeout) as expired", sparkpost('24'), is('expired', 'soft', 'provider-field', 'sparkpost.bounceClass:24')],
  [
    "reads SparkPost's class 25 (Admin Failure) as a policy of the sender",
    sparkpost('25'),
    is('policy_violation', 'soft', 'provider-field', 'sparkpost.bounceClass:25'),
  ],
  [
    "reads SparkPost's class 26 (Smart Send Suppression) as a policy of the sender",
    sparkpost('26'),
    is('policy_violation', 'soft', 'provider-field', 'sparkpost.bounceClass:26'),
  ],
  [
    "reads SparkPost's class 40 (Generic Bounce) as undetermined and soft",
    sparkpost('40'),
    is('undetermined', 'soft', 'provider-field', 'sparkpost.bounceClass:40'),
  ],
  ["reads SparkPost's class 50 (Mail Block) as blocked", sparkpost('50'), is('blocked', 'soft', 'provider-field', 'sparkpost.bounceClass:50')],
  ["reads SparkPost's class 51 (Spam Block) as bad reputation", sparkpost('51'), is('bad_reputation', 'soft', 'provider-field', 'sparkpost.bounceClass:51')],
  ["reads SparkPost's class 52 (Spam Content) as spam detected", sparkpost('52'), is('spam_detected', 'soft', 'provider-field', 'sparkpost.bounceClass:52')],
  [
    "reads SparkPost's class 53 (Prohibited Attachment) as a content error",
    sparkpost('53'),
    is('content_error', 'soft', 'provider-field', 'sparkpost.bounceClass:53'),
  ],
  ["reads SparkPost's class 54 (Relaying Denied) as no relaying", sparkpost('54'), is('no_relaying', 'soft', 'provider-field', 'sparkpost.bounceClass:54')],
  [
    "reads SparkPost's class 70 (Transient Failure) as a system error",
    sparkpost('70'),
    is('system_error', 'soft', 'provider-field', 'sparkpost.bounceClass:70'),
  ],
  [
    "keeps SparkPost's class 50 a refusal of the sender whatever its words say of the user",
    sparkpost('50', { diagnostic: '550 5.1.1 <someone@example.com>: Recipient address rejected: User unknown' }),
    is('blocked', 'soft', 'provider-field', 'sparkpost.bounceClass:50'),
  ],
  [
    "lets the words decide for SparkPost's class 1 (Undetermined)",
    sparkpost('1', { diagnostic: '550 5.1.1 <someone@example.com>: Recipient address rejected: User unknown' }),
    is('user_unknown', 'hard', 'status-code', 'status:5.1.1'),
  ],
];

describe('classifyBounce', () => {
  describe.each<[string, Row[]]>([
    ['Gmail', GMAIL],
    ['Outlook.com and Office 365', OUTLOOK],
    ['Yahoo and AOL', YAHOO_AOL],
    ['iCloud', ICLOUD],
    ['GMX and Web.de', UNITED_INTERNET],
    ['Orange and La Poste', ORANGE],
    ['Mail.ru, Yandex and Comcast', MAILRU_YANDEX_COMCAST],
    ['Postfix, Exim, Sendmail, Exchange and qmail', MTAS],
    ['Amazon SES', SES],
    ['Mailgun', MAILGUN],
    ['SendGrid', SENDGRID],
    ['Mailjet', MAILJET],
    ['common wordings', WORDINGS],
    ['enhanced status codes', STATUS_CODES],
    ['SparkPost', SPARKPOST],
  ])('%s', (_group, rows) => {
    it.each(rows)('%s', (_behaviour, evidence, expected) => {
      expect(classifyBounce(evidence)).toMatchObject(expected);
    });
  });

  describe('the order of the evidence', () => {
    it.each<Row>(EVIDENCE_ORDER)('%s', (_behaviour, evidence, expected) => {
      expect(classifyBounce(evidence)).toMatchObject(expected);
    });
  });

  describe('ambiguous evidence: the reading that does not punish the recipient', () => {
    it.each<Row>(AMBIGUITIES)('%s', (_behaviour, evidence, expected) => {
      expect(classifyBounce(evidence)).toMatchObject(expected);
    });
  });
  describe('its tables', () => {
    const allRows = [
      GMAIL,
      OUTLOOK,
      YAHOO_AOL,
      ICLOUD,
      UNITED_INTERNET,
      ORANGE,
      MAILRU_YANDEX_COMCAST,
      MTAS,
      SES,
      MAILGUN,
      SENDGRID,
      WORDINGS,
      EVIDENCE_ORDER,
      AMBIGUITIES,
      MAILJET,
      SPARKPOST,
    ].flat();
    const decidingRules = new Set(allRows.map(([, evidence]) => classifyBounce(evidence).rule));

    it.each(DIAGNOSTIC_TEXT_RULES.map((rule) => rule.id))('has a real diagnostic decided by the wording rule %s', (id) => {
      expect(decidingRules).toContain(`text:${id}`);
    });

    it.each(
      (Object.keys(PROVIDER_VOCABULARIES) as ProviderScheme[]).flatMap((scheme) =>
        PROVIDER_VOCABULARIES[scheme].causes.flatMap(({ field, values }) => Object.keys(values).map((value) => `${scheme}.${String(field)}:${value}`)),
      ),
    )('has a report decided by the provider cause %s', (rule) => {
      expect(decidingRules).toContain(rule);
    });

    const statusRows = new Set(STATUS_CODES.map(([, evidence]) => evidence.status?.slice(2)));
    it.each([...STATUS_CODE_MEANINGS.keys()].map((status) => status.slice(2)).filter((s, i, all) => all.indexOf(s) === i))(
      'has a case for the status code x.%s',
      (subjectDetail) => {
        expect(statusRows).toContain(subjectDetail);
      },
    );

    it.each(STATUS_CODE_RANGES.map((range) => `${range.classSubject}.${range.from}-${range.to}`))('has a case in the range %s', (range) => {
      expect(decidingRules.has(`status:${range}`) || STATUS_CODES.some(([, evidence]) => classifyBounce(evidence).rule === `status:${range}`)).toBe(true);
    });

    it('gives every reason a category and every classification a type the policy knows', () => {
      for (const [, evidence] of allRows) {
        const result = classifyBounce(evidence);
        expect(result.category).toBe(categoryOf(result.reason));
        expect(['hard', 'soft', 'complaint']).toContain(result.type);
      }
    });
  });
});
