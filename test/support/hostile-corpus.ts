import fc from 'fast-check';

/**
 * What an attacker, a broken client or a confused provider sends. Strings are named so that a
 * failing row says what it was; the arbitraries mix them with fast-check's own.
 */
export const HOSTILE_STRINGS: ReadonlyArray<readonly [name: string, value: string]> = [
  ['empty', ''],
  ['blank', '   '],
  ['NUL', '\u0000'],
  ['NUL in an address', 'a\u0000b@example.com'],
  ['control characters', '\u0001\u0002\u001b[31m\u007f'],
  ['CR LF (header/log injection)', 'a@example.com\r\nX-Injected: yes'],
  ['lone high surrogate', '\ud800'],
  ['lone low surrogate in an address', 'x\udfff@example.com'],
  ['right-to-left override', '\u202eexample.com@evil'],
  ['right-to-left mark in an address', 'a\u200f@example.com'],
  ['zero-width joiner', 'a\u200d@example.com'],
  ['byte order mark', '\ufeffa@example.com'],
  ['emoji', '😀@example.com'],
  ['emoji flag and skin tone', '🏳️‍🌈👍🏽'],
  ['combining marks', 'e\u0301\u0301\u0301\u0301@example.com'],
  ['full-width at sign', 'a＠example.com'],
  ['non-ASCII domain', 'a@exämple.com'],
  ['SQL quote', "'"],
  ['SQL tautology', "' OR '1'='1"],
  ['SQL comment', "a@example.com'--"],
  ['SQL stacked statement', "x'; drop table bounces; --"],
  ['SQL union', '1 union select key_hash from api_keys'],
  ['LIKE wildcards', '%_%'],
  ['backslash', '\\'],
  ['double quote', '"'],
  ['semicolon', ';'],
  ['dollar quote', '$$; select 1; $$'],
  ['percent-encoded NUL', '%00'],
  ['path traversal', '../../etc/passwd'],
  ['template injection', '${7*7}{{7*7}}'],
  ['HTML', '<script>alert(1)</script>'],
  ['prototype key', '__proto__'],
  ['constructor', 'constructor'],
  ['NaN', 'NaN'],
  ['Infinity', 'Infinity'],
  ['negative', '-1'],
  ['zero', '0'],
  ['exponent', '1e3'],
  ['hex', '0x10'],
  ['fraction', '1.5'],
  ['huge integer', '99999999999999999999999999'],
  ['max int64', '9223372036854775807'],
  ['leading space number', ' 5'],
  ['plus sign number', '+5'],
  ['long (10 000 characters)', 'a'.repeat(10_000)],
  ['long address', `${'a'.repeat(300)}@example.com`],
  ['two at signs', 'a@b@example.com'],
  ['no domain', 'a@'],
  ['only an at sign', '@'],
];

/** Things in JSON bodies that are not what a field expects. */
export const HOSTILE_VALUES: ReadonlyArray<readonly [name: string, value: unknown]> = [
  ['null', null],
  ['true', true],
  ['false', false],
  ['zero', 0],
  ['negative number', -1],
  ['fraction', 1.5],
  ['huge number', 1e308],
  ['empty array', []],
  ['empty object', {}],
  ['array of strings', ['a@example.com']],
  ['object with a prototype key', JSON.parse('{"__proto__":{"polluted":true}}')],
  ['nested object', { a: { b: { c: {} } } }],
  ['array of 10 000 numbers', Array.from({ length: 10_000 }, (_, n) => n)],
  ...HOSTILE_STRINGS.map(([name, value]): [string, unknown] => [`string: ${name}`, value]),
];

/** Raw JSON texts that no parser should choke on, nor any validator. */
export const HOSTILE_JSON_TEXTS: ReadonlyArray<readonly [name: string, text: string | Buffer]> = [
  ['truncated', '{"email":'],
  ['trailing comma', '{"email":"a@example.com",}'],
  ['single quotes', "{'email':'a@example.com'}"],
  ['a bare string', '"a@example.com"'],
  ['a bare number', '42'],
  ['null', 'null'],
  ['an array', '[]'],
  ['NaN literal', '{"limit":NaN}'],
  ['duplicate keys', '{"email":"a@example.com","email":["x"]}'],
  ['deeply nested arrays (100 000 levels)', `${'['.repeat(100_000)}${']'.repeat(100_000)}`],
  ['deeply nested objects (50 000 levels)', `${'{"a":'.repeat(50_000)}1${'}'.repeat(50_000)}`],
  ['a field nested 40 levels deep', `{"email":${'['.repeat(40)}"a@example.com"${']'.repeat(40)}}`],
  ['a prototype key', '{"__proto__":{"email":"a@example.com"}}'],
  ['a constructor key', '{"constructor":{"prototype":{"polluted":true}}}'],
  ['escaped NUL', '{"email":"a\\u0000@example.com","name":"\\u0000"}'],
  ['escaped lone surrogates', '{"email":"\\ud800@example.com","name":"\\udc00"}'],
  ['invalid UTF-8 bytes', Buffer.concat([Buffer.from('{"email":"'), Buffer.from([0xff, 0xfe, 0xc0, 0xaf]), Buffer.from('@example.com"}')])],
  ['a UTF-8 byte order mark', '\ufeff{"email":"a@example.com"}'],
  ['200 000 array elements', `{"emails":[${Array(200_000).fill('1').join(',')}]}`],
];

/** A string with the hostile characters fast-check would not think of, mixed with its own. */
export const hostileString = (maxLength = 64): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 2, arbitrary: fc.constantFrom(...HOSTILE_STRINGS.map(([, value]) => value)) },
    {
      weight: 3,
      arbitrary: fc.string({
        maxLength,
        unit: fc.oneof(
          { weight: 5, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
          {
            weight: 1,
            arbitrary: fc.constantFrom('\u0000', '\ud800', '\udfff', '\u202e', '\u200f', '\ufeff', '😀', "'", '"', '\\', '%', '@', ';', '\r', '\n'),
          },
        ),
      }),
    },
  );

/** Any JSON value, hostile strings included, of bounded size. */
export const hostileJsonValue = (): fc.Arbitrary<unknown> =>
  fc.oneof(
    { weight: 3, arbitrary: fc.jsonValue({ maxDepth: 4 }) },
    { weight: 1, arbitrary: fc.constantFrom(...HOSTILE_VALUES.map(([, value]) => value)) },
    { weight: 1, arbitrary: hostileString() },
  );

/** Runs of each property: enough to walk the corpus and its mixes, bounded for a 2-core CI. */
export const FUZZ_RUNS = Number(process.env.FUZZ_RUNS ?? 60);
/** A fixed seed: a failure is reproducible as printed (override with FUZZ_SEED). */
export const FUZZ_SEED = Number(process.env.FUZZ_SEED ?? 20_260_517);

export function fuzzParameters(numRuns = FUZZ_RUNS): fc.Parameters<unknown> {
  return { numRuns, seed: FUZZ_SEED, endOnFailure: true };
}
