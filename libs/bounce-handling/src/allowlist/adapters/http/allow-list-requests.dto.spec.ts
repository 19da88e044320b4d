import { requestProblems, validateRequest } from '../../../testing';
import { AllowListPatternParamDto } from './allow-list-pattern-param.dto';
import { AllowPatternRequestDto } from './allow-pattern-request.dto';

const PATTERN_RULE = 'must be an e-mail address (someone@example.com) or @ and a domain (@example.com)';

describe('AllowListPatternParamDto', () => {
  it.each([['seed@example.com'], ['@example.com'], ['Seed@Example.COM'], ['@Mail.Example.org']])('accepts the path pattern %p', async (pattern) => {
    expect(await requestProblems(AllowListPatternParamDto, { pattern }, 'param')).toEqual([]);
  });

  it.each([['example.com'], ['@'], ['@localhost'], ['*.example.com'], ['@*.example.com'], ['a@b@example.com'], ['seed@'], ['']])(
    'refuses the path pattern %p, naming it',
    async (pattern) => {
      expect(await requestProblems(AllowListPatternParamDto, { pattern }, 'param')).toEqual([{ field: 'pattern', message: PATTERN_RULE }]);
    },
  );
});

describe('AllowPatternRequestDto', () => {
  it.each<[string, unknown]>([
    ['no body', undefined],
    ['an empty body', {}],
    ['a null note', { note: null }],
    ['a note', { note: 'Gmail seed inbox' }],
    ['a note of 500 characters', { note: 'x'.repeat(500) }],
  ])('accepts %s', async (_case, body) => {
    expect(await requestProblems(AllowPatternRequestDto, body)).toEqual([]);
  });

  it('trims the note', async () => {
    expect(await validateRequest(AllowPatternRequestDto, { note: '  seed  ' })).toMatchObject({ note: 'seed' });
  });

  it.each<[string, unknown, string, string]>([
    ['a note that is a number', { note: 5 }, 'note', 'must be a string'],
    ['a note over 500 characters', { note: 'x'.repeat(501) }, 'note', 'must be shorter than or equal to 500 characters'],
    ['a note with a NUL character', { note: 'a\u0000b' }, 'note', 'must be Unicode text without NUL characters or lone surrogates'],
    ['an unknown field', { comment: 'x' }, 'comment', 'property comment should not exist'],
  ])('refuses %s, naming the field', async (_case, body, field, message) => {
    expect(await requestProblems(AllowPatternRequestDto, body)).toEqual([{ field, message }]);
  });
});
