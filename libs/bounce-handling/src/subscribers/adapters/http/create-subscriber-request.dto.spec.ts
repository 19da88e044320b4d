import { CreateSubscriberRequestDto } from './create-subscriber-request.dto';
import { requestProblems } from '../../../testing';

const problemsOf = (body: unknown) => requestProblems(CreateSubscriberRequestDto, body);

describe('CreateSubscriberRequestDto', () => {
  it.each([
    ['email', 'is required', 'a missing email', { name: 'John' }],
    ['email', 'must be a string', 'an email that is a list', { email: ['a@example.com'] }],
    ['email', 'must be a valid e-mail address', 'an invalid email', { email: 'not-an-address' }],
    ['name', 'must be a string', 'a name that is a number', { email: 'a@example.com', name: 42 }],
    ['name', 'must be longer than or equal to 1 characters', 'a name of spaces only', { email: 'a@example.com', name: '   ' }],
    ['name', 'must be shorter than or equal to 255 characters', 'a name over 255 characters', { email: 'a@example.com', name: 'x'.repeat(256) }],
  ])('answers "%s %s" for %s', async (field, message, _case, body) => {
    expect(await problemsOf(body)).toEqual([{ field, message }]);
  });

  it('accepts a subscriber without a name', async () => {
    expect(await problemsOf({ email: 'a@example.com' })).toEqual([]);
  });
});
