import { DIAGNOSTIC_TEXT_RULES, matchDiagnosticText, requiredLiterals } from './diagnostic-text.rules';

describe('requiredLiterals (the cheap look before each wording rule)', () => {
  it.each<[RegExp, readonly string[] | null]>([
    [/on the suppression list|address is suppressed/, ['on the suppression list', 'address is suppressed']],
    [/rate[- ]?limit|throttl/, ['limit', 'throttl']],
    [/\(s3\d{3}\)/, ['(s3']],
    [/unrout(?:e)?able (?:address|domain)/, ['unrout']],
    [/gr[ea]y ?list/, ['list']],
    [/\b(?:ofr|lpn)[a-z0-9]*_(?:101|102)\b/, ['ofr', 'lpn']],
    [/(?:\b(?:ofr|lpn)[a-z0-9]*_104\b)|trop de connexions/, ['_104', 'trop de connexions']],
    [/user unknowns?/, ['user unknown']],
    [/(?:recipient|address) (?:not found|unknown)/, ['recipient', 'address']],
    [/(?:to|at) (?:in|on)/, null],
    [/no such user/i, null],
  ])('%s needs one of %j', (pattern, expected) => {
    expect(requiredLiterals(pattern)).toEqual(expected);
  });

  it('never keeps a rule from a text it matches: each rule reads its own hints back', () => {
    for (const rule of DIAGNOSTIC_TEXT_RULES) {
      for (const hint of requiredLiterals(rule.pattern) ?? []) {
        // Each hint is a literal of the pattern: as a text, it never hides another rule's match.
        const text = `${hint} ${hint}`;
        const found = DIAGNOSTIC_TEXT_RULES.find((other) => !other.onlyWithStatus && other.pattern.test(text));
        expect(matchDiagnosticText(text, null)?.rule ?? null).toBe(found ? `text:${found.id}` : null);
      }
    }
  });
});
