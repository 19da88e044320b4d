import { IsInt, IsString, MaxLength, Min, MinLength } from 'class-validator';
import { createRequestValidationPipe, IsRequired, RequestValidationException, ValidateInOrder } from './request-validation';
import { requestProblems } from '../../../testing';

class TitledDto {
  @ValidateInOrder(IsRequired(), IsString(), MinLength(2), MaxLength(5))
  title!: string;

  @ValidateInOrder(IsRequired(), IsInt(), Min(0))
  rank!: number;
}

const problemsOf = (body: unknown) => requestProblems(TitledDto, body);

describe('request validation', () => {
  it.each([
    ['a missing field', { rank: 1 }, 'is required'],
    ['null', { title: null, rank: 1 }, 'is required'],
    ['a value of the wrong type', { title: 42, rank: 1 }, 'must be a string'],
    ['a list instead of a string', { title: ['abc'], rank: 1 }, 'must be a string'],
    ['a string too short', { title: 'a', rank: 1 }, 'must be longer than or equal to 2 characters'],
    ['a string too long', { title: 'abcdef', rank: 1 }, 'must be shorter than or equal to 5 characters'],
  ])('reports the first failing rule, in the order listed, for %s', async (_case, body, message) => {
    expect(await problemsOf(body)).toEqual([{ field: 'title', message }]);
  });

  it('reports a value of the wrong type as such, not as out of range', async () => {
    expect(await problemsOf({ title: 'abc', rank: 'high' })).toEqual([{ field: 'rank', message: 'must be an integer number' }]);
    expect(await problemsOf({ title: 'abc', rank: -1 })).toEqual([{ field: 'rank', message: 'must not be less than 0' }]);
  });

  it('names every field at fault, one problem each, and joins them in the message', async () => {
    const error = await createRequestValidationPipe()
      .transform({ rank: 'high', colour: 'red' }, { type: 'body', metatype: TitledDto })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RequestValidationException);
    expect((error as RequestValidationException).problems).toEqual([
      { field: 'colour', message: 'property colour should not exist' },
      { field: 'title', message: 'is required' },
      { field: 'rank', message: 'must be an integer number' },
    ]);
    expect((error as RequestValidationException).message).toBe('colour: property colour should not exist; title: is required; rank: must be an integer number');
  });

  it('accepts a value that passes every rule', async () => {
    expect(await problemsOf({ title: 'abc', rank: 0 })).toEqual([]);
  });
});
