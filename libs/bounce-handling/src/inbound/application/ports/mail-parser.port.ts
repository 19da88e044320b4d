import type { MailMessage } from '../../domain/mail-message';

/**
 * Reads one raw RFC 5322 message into the shape the domain reads. Throws
 * `UnreadableMailError` for a message it cannot read within its bounds; never anything else
 * for any input.
 */
export abstract class MailParser {
  abstract parse(raw: Uint8Array): Promise<MailMessage>;
}
