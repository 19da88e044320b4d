import { CheckSendabilityRequestDto } from './check-sendability-request.dto';
import { requestProblems } from '../../../testing';

const problemsOf = (body: unknown) => requestProblems(CheckSendabilityRequestDto, body);

describe('CheckSendabilityRequestDto', () => {
  it.each([
    ['must be an array', 'a check without emails', {}],
    ['must be an array', 'emails that are null', { emails: null }],
    ['must be an array', 'emails that are a string', { emails: 'a@example.com' }],
    ['must be an array', 'emails that are an object', { emails: { 0: 'a@example.com' } }],
    ['must contain at least 1 elements', 'an empty list', { emails: [] }],
    ['must contain no more than 1000 elements', 'a list of 1001 addresses', { emails: Array.from({ length: 1001 }, (_, n) => `u${n}@example.com`) }],
    ['each value in emails must be a string of at most 320 characters', 'an item that is not a string', { emails: ['a@example.com', 42] }],
    ['each value in emails must be a string of at most 320 characters', 'an item over 320 characters', { emails: ['x'.repeat(321)] }],
  ])('answers "emails: %s" for %s', async (message, _case, body) => {
    expect(await problemsOf(body)).toEqual([{ field: 'emails', message }]);
  });

  it('accepts a list of strings, valid addresses or not', async () => {
    expect(await problemsOf({ emails: ['a@example.com', 'not an address'] })).toEqual([]);
  });
});
