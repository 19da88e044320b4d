// TEMPORARY STUB — replaced by the real reader from wt-a. DO NOT COMMIT.
import { bounceCause } from '../../bounces/domain/delivery-event';
import { classifyBounce } from '../../bounces/domain/bounce-classification/bounce-classifier';
import { EmailAddress } from '../../shared/domain/email-address';
import type { BounceMailReading, BounceMailReadingOptions, InboundReport } from './inbound-report';
import type { MailMessage } from './mail-message';
import { headerValue } from './mail-message';

export function readBounceMail(message: MailMessage, _options: BounceMailReadingOptions): BounceMailReading {
  const reports: InboundReport[] = [];
  const dsn = message.attachments.find((a) => a.contentType === 'message/delivery-status');
  if (dsn) {
    const text = dsn.content.replace(/\r?\n[ \t]+/g, ' ');
    const recipient = /Final-Recipient:\s*rfc822;\s*(\S+)/i.exec(text)?.[1];
    const status = /^Status:\s*(\S+)/im.exec(text)?.[1] ?? null;
    const diagnostic = /^Diagnostic-Code:\s*(.+)$/im.exec(text)?.[1]?.trim() ?? null;
    const remote = /^Remote-MTA:\s*dns;\s*(\S+)/im.exec(text)?.[1] ?? null;
    const email = recipient ? EmailAddress.tryParse?.(recipient) : null;
    if (email) {
      const c = classifyBounce({ status, diagnostic });
      reports.push({
        kind: 'bounce',
        email,
        bounceType: c.type === 'complaint' ? 'hard' : c.type,
        cause: bounceCause(c, remote),
        diagnosticCode: diagnostic,
        feedbackType: null,
      });
    }
  }
  const returned = message.attachments.find((a) => a.contentType === 'text/rfc822-headers')?.content ?? '';
  return {
    messageId: headerValue(message.headers, 'message-id')?.replace(/[<>]/g, '') ?? null,
    originalMessageId: /^Message-ID:\s*<([^>]+)>/im.exec(returned)?.[1] ?? null,
    campaignId: /^X-Campaign-Id:\s*(\S+)/im.exec(returned)?.[1] ?? null,
    reports,
  };
}
