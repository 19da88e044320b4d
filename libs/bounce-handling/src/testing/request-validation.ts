import type { ArgumentMetadata } from '@nestjs/common';
import { createRequestValidationPipe, type FieldProblem, RequestValidationException } from '../shared/adapters/http/request-validation';

const pipe = createRequestValidationPipe();

/** `value` read as `metatype` by the library's validation: the DTO it becomes, or the problems it has. */
export async function validateRequest<T extends object>(
  metatype: new () => T,
  value: unknown,
  type: ArgumentMetadata['type'] = 'body',
): Promise<T | readonly FieldProblem[]> {
  try {
    return (await pipe.transform(value, { type, metatype })) as T;
  } catch (error) {
    if (error instanceof RequestValidationException) return error.problems;
    throw error;
  }
}

/** The problems the library's validation finds in `value` read as `metatype`; none: []. */
export async function requestProblems(metatype: new () => object, value: unknown, type: ArgumentMetadata['type'] = 'body'): Promise<readonly FieldProblem[]> {
  const result = await validateRequest(metatype, value, type);
  return Array.isArray(result) ? result : [];
}
