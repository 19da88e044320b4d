import { Injectable } from '@nestjs/common';
import PostalMime from 'postal-mime';
import { MailParser } from '../../application/ports/mail-parser.port';
import { UnreadableMailError } from '../../domain/inbound.errors';
import type { MailAttachment, MailMessage } from '../../domain/mail-message';
import './postal-mime-decoders';

/**
 * Deepest nesting of MIME parts read. A bounce nests three deep (the report, the returned
 * message, its alternatives) and a forwarded one a few more; a MIME bomb nests thousands.
 */
export const MAX_MIME_NESTING_DEPTH = 24;

/** Most bytes of header fields read, over all parts: a bounce carries a few kilobytes. */
export const MAX_MIME_HEADER_BYTES = 128 * 1024;

/** Parts kept, in their order; a report has three or four, and the ones that matter come first. */
export const MAX_MAIL_ATTACHMENTS = 64;

/**
 * Bytes of a message read. What a bounce says comes first: its text, its report, then the
 * returned message, whose headers are all that is read of it. A message of megabytes (a returned
 * attachment, or lines made to cost) is read up to here, so the work per message stays bounded.
 */
export const MAX_PARSED_MAIL_BYTES = 256 * 1024;

/**
 * `postal-mime` (no dependencies, bounded nesting and header size; its decoders joined without
 * `Blob`, see `postal-mime-decoders.ts`) reads the message's first `MAX_PARSED_MAIL_BYTES`. It keeps report parts (`message/delivery-status`,
 * `message/feedback-report`, a returned `message/rfc822`) as attachments rather than inlining
 * them into the text, which is what a bounce reader needs.
 */
@Injectable()
export class PostalMimeMailParser extends MailParser {
  async parse(raw: Uint8Array): Promise<MailMessage> {
    let email: Awaited<ReturnType<typeof PostalMime.parse>>;
    try {
      email = await PostalMime.parse(raw.length > MAX_PARSED_MAIL_BYTES ? raw.subarray(0, MAX_PARSED_MAIL_BYTES) : raw, {
        attachmentEncoding: 'utf8',
        forceRfc822Attachments: true,
        maxNestingDepth: MAX_MIME_NESTING_DEPTH,
        maxHeadersSize: MAX_MIME_HEADER_BYTES,
      });
    } catch (error) {
      throw new UnreadableMailError(`The message cannot be read: ${error instanceof Error ? error.message : String(error)}`);
    }
    return {
      headers: email.headers.map((header) => ({ name: header.key.toLowerCase(), value: header.value })),
      text: email.text ?? (email.html ? textOfHtml(email.html) : ''),
      attachments: email.attachments.slice(0, MAX_MAIL_ATTACHMENTS).map((attachment): MailAttachment => ({
        contentType: attachment.mimeType.toLowerCase(),
        content: typeof attachment.content === 'string' ? attachment.content : new TextDecoder().decode(attachment.content),
      })),
    };
  }
}

/** The words of an HTML body, enough to read a server's answer in it (Exchange's NDRs are HTML only). */
function textOfHtml(html: string): string {
  return html
    .replace(/<(script|style)\b[^]*?<\/\1\s*>/gi, ' ')
    .replace(/<br\s*\/?>|<\/(p|div|tr|li|h\d)\s*>/gi, '\n')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&nbsp;/gi, ' ')
    .replace(/&lt;/gi, '<')
    .replace(/&gt;/gi, '>')
    .replace(/&quot;/gi, '"')
    .replace(/&#39;/gi, "'")
    .replace(/&amp;/gi, '&')
    .replace(/[ \t]+/g, ' ');
}
