/**
 * The base of every error the domain and the use cases raise on purpose. The `code` is part
 * of the HTTP contract (it becomes `error.code` in the envelope); adapters map it to a status.
 */
export abstract class DomainError extends Error {
  abstract readonly code: DomainErrorCode;

  constructor(
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export type DomainErrorCode = 'VALIDATION_ERROR' | 'NOT_FOUND' | 'CONFLICT' | 'UNAUTHORIZED' | 'FORBIDDEN' | 'NOT_CONFIGURED';

export class ValidationError extends DomainError {
  readonly code = 'VALIDATION_ERROR' as const;
}

export class NotFoundError extends DomainError {
  readonly code = 'NOT_FOUND' as const;
}

export class ConflictError extends DomainError {
  readonly code = 'CONFLICT' as const;
}
