/**
 * AWS could not be reached, or answered with a failure: the request is not at fault, and SNS
 * (which retries on a 5xx) should send it again later.
 */
export class SnsUnreachableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}
