/** One header field of a message: its name in lower case, its value unfolded (line breaks of folding removed). */
export interface MailHeader {
  readonly name: string;
  readonly value: string;
}

/**
 * A part of a message that is not its readable text: a delivery status (RFC 3464), a feedback
 * report (RFC 5965), a returned message or its headers, or any other attachment.
 */
export interface MailAttachment {
  /** Its media type in lower case, without parameters: `message/delivery-status`. */
  readonly contentType: string;
  /** Its content, transfer-decoded, as text (UTF-8; bytes that are not become U+FFFD). */
  readonly content: string;
}

/**
 * A received message as a MIME parser gives it. The domain reads reports from this shape and
 * never from raw bytes; the parser (an adapter) bounds the work of getting here.
 */
export interface MailMessage {
  /** The message's own header fields, in their order. */
  readonly headers: readonly MailHeader[];
  /** Its readable text: the `text/plain` parts, or the text of the HTML part when it has none. */
  readonly text: string;
  /** Its other parts, in their order (a returned `message/rfc822` is one, not parsed further). */
  readonly attachments: readonly MailAttachment[];
}

/** The value of the first header field of that name (lower case), or null. */
export function headerValue(headers: readonly MailHeader[], name: string): string | null {
  for (const header of headers) if (header.name === name) return header.value;
  return null;
}
