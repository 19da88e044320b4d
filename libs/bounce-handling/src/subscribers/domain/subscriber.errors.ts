import { ConflictError, NotFoundError } from '../../shared/domain/domain-error';

export class SubscriberNotFoundError extends NotFoundError {
  constructor(readonly subscriberId: number) {
    super(`No subscriber with id ${subscriberId}`);
  }
}

export class SubscriberAlreadyExistsError extends ConflictError {
  constructor(readonly email: string) {
    super(`A subscriber with the address ${email} already exists`);
  }
}
