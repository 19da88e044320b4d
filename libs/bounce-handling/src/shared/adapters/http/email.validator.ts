import { registerDecorator, type ValidationOptions } from 'class-validator';
import { EmailAddress } from '../../domain/email-address';

/** The domain's own rule for an address, so that HTTP and the domain never disagree. */
export function IsEmailAddress(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isEmailAddress',
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message: 'must be a valid e-mail address', ...options },
      validator: { validate: (value: unknown) => typeof value === 'string' && EmailAddress.isValid(value) },
    });
}
