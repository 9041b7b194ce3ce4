import { ContractRegistry, ContractViolationError, exampleEnvelope } from '@plein/shared/contracts';
import { compileRule, prepareText, ruleContracts, ruleDefinedV1, rulePatternProblem, ruleSetId, RULE_PATTERN_MAX } from './rules.events';

const matches = (matchType: 'keyword' | 'phrase' | 'regex', pattern: string, text: string) => compileRule({ matchType, pattern }).matches(prepareText(text));

function cpuMs(work: () => void): number {
  const start = process.cpuUsage();
  work();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

describe('compose-time rule contracts', () => {
  const registry = new ContractRegistry(ruleContracts, []);

  it('are keyed by the scope of the rule set', () => {
    expect(exampleEnvelope(ruleDefinedV1).aggregateId).toBe('organisation');
    expect(ruleSetId({ kind: 'group', groupId: 'g1' })).toBe('group:g1');
  });

  it('refuse an unknown action and a pattern over the bound', () => {
    const bad = exampleEnvelope(ruleDefinedV1, { data: { ...ruleDefinedV1.example, action: 'shout' as never, pattern: 'x'.repeat(RULE_PATTERN_MAX + 1) } });
    expect(() => registry.validate(bad)).toThrow(ContractViolationError);
  });
});

describe('rule matching', () => {
  it('keyword: whole word, case- and accent-insensitive', () => {
    expect(matches('keyword', 'Café', 'We meet at the CAFE tomorrow.')).toBe(true);
    expect(matches('keyword', 'cafe', 'Het café-terras is open')).toBe(true);
    expect(matches('keyword', 'cafe', 'cafeteria food')).toBe(false);
    expect(matches('keyword', 'ass', 'a classic assessment')).toBe(false);
  });

  it('phrase: the words in order as whole words, ignoring punctuation between them', () => {
    expect(matches('phrase', 'klant nummer', 'Mijn KLANT-nummer is 12')).toBe(true);
    expect(matches('phrase', 'klant nummer', 'nummer klant')).toBe(false);
    expect(matches('phrase', 'klant nummer', 'deklant nummers')).toBe(false);
  });

  it('regex: RE2, case-insensitive, anywhere', () => {
    expect(matches('regex', 'NL\\d{2}[A-Z]{4}\\d{10}', 'iban nl91abna0417164300 please')).toBe(true);
    expect(matches('regex', '^secret$', 'not a secret here')).toBe(false);
  });

  it('refuses patterns RE2 does not accept, multi-word keywords and empty patterns, naming why', () => {
    expect(rulePatternProblem('regex', '(a)\\1')).toMatch(/RE2/);
    expect(rulePatternProblem('regex', '(?=a)b')).toMatch(/RE2/);
    expect(rulePatternProblem('regex', '(')).toMatch(/RE2/);
    expect(rulePatternProblem('keyword', 'two words')).toMatch(/one word/);
    expect(rulePatternProblem('phrase', '!!!')).toMatch(/no letters/);
    expect(rulePatternProblem('regex', 'a'.repeat(RULE_PATTERN_MAX + 1))).toMatch(/500/);
    expect(rulePatternProblem('regex', '(a+)+$')).toBeUndefined();
    expect(() => compileRule({ matchType: 'keyword', pattern: 'two words' })).toThrow();
  });

  it('evaluates a catastrophic pattern in time linear in the text: (a+)+$ on 50,000 a\'s costs at most 20 times a keyword over the same text, plus 50 ms', () => {
    const hostile = 'a'.repeat(49_999) + '!';
    const regex = compileRule({ matchType: 'regex', pattern: '(a+)+$' });
    const keyword = compileRule({ matchType: 'keyword', pattern: 'zzz' });
    const run = (rule: ReturnType<typeof compileRule>) => () => {
      for (let k = 0; k < 3; k++) rule.matches(prepareText(hostile));
    };
    run(regex)();
    run(keyword)();
    const baseline = Math.min(...[0, 1, 2].map(() => cpuMs(run(keyword))));
    const hostileCost = Math.min(...[0, 1, 2].map(() => cpuMs(run(regex))));
    expect(hostileCost).toBeLessThan(20 * baseline + 50);
    expect(regex.matches(prepareText('a'.repeat(50_000)))).toBe(true);
  });
});
