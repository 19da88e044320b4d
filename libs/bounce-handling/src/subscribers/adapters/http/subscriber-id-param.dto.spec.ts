import { createRequestValidationPipe, type FieldProblem, RequestValidationException } from '../../../shared/adapters/http/request-validation';
import { SubscriberIdParamDto } from './subscriber-id-param.dto';

const pipe = createRequestValidationPipe();

async function validated(params: Record<string, string>): Promise<SubscriberIdParamDto | readonly FieldProblem[]> {
  try {
    return (await pipe.transform(params, { type: 'param', metatype: SubscriberIdParamDto })) as SubscriberIdParamDto;
  } catch (error) {
    if (error instanceof RequestValidationException) return error.problems;
    throw error;
  }
}

describe('SubscriberIdParamDto', () => {
  it('reads the id as a number', async () => {
    expect(await validated({ id: '42' })).toEqual({ id: 42 });
  });

  it.each([['abc'], ['0'], ['-1'], ['1.5'], ['1e3'], ['99999999999999999999']])('answers "id must be a positive integer" for the id %p', async (id) => {
    expect(await validated({ id })).toEqual([{ field: 'id', message: 'must be a positive integer' }]);
  });
});
