import { ValidationError } from '../../shared/domain/domain-error';
import { MAX_SUPPRESSIONS_PER_BATCH } from './suppression';

/** More entries (or addresses) than one call takes. */
export class TooManySuppressionsError extends ValidationError {
  constructor(readonly count: number) {
    super(`must contain no more than ${MAX_SUPPRESSIONS_PER_BATCH} elements`);
  }
}
