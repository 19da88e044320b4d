import { DomainError } from '../../shared/domain/domain-error';

export class AuthenticationError extends DomainError {
  readonly code = 'UNAUTHORIZED' as const;
}

export class PermissionDeniedError extends DomainError {
  readonly code = 'FORBIDDEN' as const;
}
