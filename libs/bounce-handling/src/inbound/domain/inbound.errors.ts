import { ValidationError } from '../../shared/domain/domain-error';

/** The body is not a message a MIME parser can read within its bounds (nesting, header size). */
export class UnreadableMailError extends ValidationError {}
