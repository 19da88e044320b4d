import { BadRequestException, ValidationPipe, type ValidationError } from '@nestjs/common';
import { IsDefined } from 'class-validator';

/** One problem with one field of a request, as listed in `error.details`. */
export interface FieldProblem {
  readonly field: string;
  readonly message: string;
}

/** A request whose body, query or path did not validate; names every field at fault. */
export class RequestValidationException extends BadRequestException {
  constructor(readonly problems: readonly FieldProblem[]) {
    super(problems.map((problem) => `${problem.field}: ${problem.message}`).join('; '));
  }
}

export function flattenValidationErrors(errors: readonly ValidationError[], parent = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message: withoutFieldName(message, error.property) }));
    return [...own, ...flattenValidationErrors(error.children ?? [], field)];
  });
}

/** class-validator starts its messages with the property name; the envelope names it apart. */
function withoutFieldName(message: string, property: string): string {
  return message.startsWith(`${property} `) ? message.slice(property.length + 1) : message;
}

/**
 * The rules of one field, checked in the order listed — presence, then type, then range or
 * format — so that the first one listed that fails is the one reported. A stack of rule
 * decorators would be checked from its last line up: decorators are applied bottom-up, and
 * class-validator checks rules in the order they were applied.
 */
export function ValidateInOrder(...rules: readonly PropertyDecorator[]): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    for (const rule of rules) rule(target, propertyName);
  };
}

/** A field that must be present and not null; class-validator checks it before any other rule. */
export function IsRequired(): PropertyDecorator {
  return IsDefined({ message: 'is required' });
}

/**
 * Validation of every request the library serves: unknown fields are refused, values are
 * converted to the DTO's types, and failures become a 400 naming each field with the first
 * rule it breaks (see `ValidateInOrder`).
 */
export function createRequestValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    transform: true,
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    stopAtFirstError: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => new RequestValidationException(flattenValidationErrors(errors)),
  });
}
