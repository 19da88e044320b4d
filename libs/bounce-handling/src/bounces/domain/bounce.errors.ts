import { NotFoundError } from '../../shared/domain/domain-error';

export class BounceNotFoundError extends NotFoundError {
  constructor(readonly bounceId: number) {
    super(`No bounce with id ${bounceId}`);
  }
}
