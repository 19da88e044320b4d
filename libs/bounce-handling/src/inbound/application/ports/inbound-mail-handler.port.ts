/** What became of a received message: its reports were taken in, or it holds none to take. */
export type InboundMailOutcome = 'processed' | 'unrecognised';

/**
 * Takes in one raw received message, committing what it reads before it resolves. Resolves
 * `unrecognised` for a message that is no report (or cannot be read), and rejects only when it
 * could not do its work (the database is away, a bug): the message is then tried again. Taking
 * in one message twice must change nothing the second time.
 */
export abstract class InboundMailHandler {
  abstract handle(raw: Uint8Array): Promise<InboundMailOutcome>;
}
