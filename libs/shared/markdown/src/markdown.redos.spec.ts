import fc from 'fast-check';
import { markdownToPlainText, sanitizeMarkdown } from './index';

/**
 * The parser must stay linear on hostile input (ReDoS): a post body is parsed on the event loop,
 * so one quadratic or cubic pattern lets a single request block the service. Timings are relative
 * to plain text of the same length parsed in the same test, so a slow or busy machine does not
 * make the tests flaky (CPU time, not wall time): hostile input may cost at most 20 times plain
 * text, plus 200 ms. Lengths go up to the raw input cap (RAW_BODY_MAX, 100,000 characters).
 */
const PLAIN = 'Lorem ipsum dolor sit amet, consectetur adipiscing elit. ';

function cpuMs(work: () => void): number {
  const start = process.cpuUsage();
  work();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

/** Everything a request does with a body: sanitise (several parses) and read it back as plain text. */
function parseAll(input: string): void {
  const sanitized = sanitizeMarkdown(input, { headings: true });
  markdownToPlainText(sanitized.markdown);
  markdownToPlainText(input);
}

let plainCostPerChar: number | undefined;

/** CPU budget for an input of this length: 20 times plain text of the length, plus 200 ms. */
function budgetFor(length: number): number {
  if (plainCostPerChar === undefined) {
    const size = 100_000;
    const plain = PLAIN.repeat(Math.ceil(size / PLAIN.length)).slice(0, size);
    parseAll(plain); // warm-up: the JIT should not count against the baseline
    plainCostPerChar = Math.min(...[0, 1, 2].map(() => cpuMs(() => parseAll(plain)))) / size;
  }
  return 20 * plainCostPerChar * length + 200;
}

function expectLinear(input: string): void {
  const budget = budgetFor(input.length);
  const spent = cpuMs(() => parseAll(input));
  if (spent > budget) throw new Error(`parsing ${JSON.stringify(input.slice(0, 40))}… (${input.length} chars) took ${spent.toFixed(0)} ms, budget ${budget.toFixed(0)} ms`);
}

describe('markdown parser on hostile input (ReDoS)', () => {
  jest.setTimeout(120_000);

  it.each([
    ['a fence opener, many spaces, a backtick', '```' + ' '.repeat(5_000) + '`'],
    ['a fence opener, many tabs, a backtick', '```' + '\t'.repeat(5_000) + '`x'],
    ['a fence opener with an info string padded by spaces', '```' + ' '.repeat(5_000) + 'ts' + ' '.repeat(5_000) + '`'],
    ['a fence opener and a closer candidate with many spaces', '```\n' + '```' + ' '.repeat(20_000) + 'x'],
    ['a heading marker and many spaces, then text', '#' + ' '.repeat(50_000) + 'x'],
    ['a heading with a long run of spaces inside its text', '# a' + ' '.repeat(99_000) + 'b'],
    ['a heading marker, spaces and hashes alternating', '# ' + ' #'.repeat(25_000) + 'x'],
    ['a heading of many space-separated words', '## ' + 'a '.repeat(25_000) + '#'],
    ['a paragraph line with a long run of spaces before a break', 'a' + ' '.repeat(99_000) + 'b\nc'],
    ['trailing whitespace runs before every break', ('x' + ' \t'.repeat(2_000) + 'y\n').repeat(10)],
    ['a list marker and many spaces', '-' + ' '.repeat(50_000) + 'x'],
    ['an ordered marker and many spaces', '1.' + ' '.repeat(50_000) + 'x'],
    ['a quote of many spaces', '>' + ' '.repeat(50_000) + 'x'],
    ['a link destination padded by whitespace', '[a](' + ' '.repeat(50_000) + 'x'],
    ['many link destinations padded by whitespace', ('[a](' + ' '.repeat(2_500) + '"t"' + ' '.repeat(2_500) + 'x').repeat(20)],
    ['many unclosed link openers', '[](' .repeat(15_000)],
  ])('stays linear: %s', (_name, input) => {
    expectLinear(input);
  });

  // Cost at four times the length may grow about four times (linear), not sixteen (quadratic).
  it.each([
    ['a run of link openers', (n: number) => '['.repeat(n)],
    ['image openers with balanced pairs that never close the outer one', (n: number) => '![[]'.repeat(n / 4)],
    ['link openers inside emphasis', (n: number) => '*' + '[a'.repeat(n / 2) + '*'],
    ['characters that are escaped when written back', (n: number) => '<'.repeat(n)],
  ])('grows linearly: %s', (_name, make) => {
    const cost = (n: number) => {
      const input = make(n);
      parseAll(input);
      return Math.min(...[0, 1].map(() => cpuMs(() => parseAll(input))));
    };
    const small = cost(24_000);
    const large = cost(96_000);
    if (large > 8 * small + 100) throw new Error(`4x the input cost ${(large / small).toFixed(1)}x the time (${small.toFixed(0)} ms -> ${large.toFixed(0)} ms)`);
  });

  it('stays linear on random runs of Markdown metacharacters and spaces (up to 50,000 characters)', () => {
    const alphabet = ['`', '#', ' ', '\t', '\n', '*', '_', '[', ']', '(', ')', '>', '-', '1.', '\\', '<', '!', '@', 'h', 'a', '"'];
    // Runs, not single characters: super-linear patterns need long runs of one character.
    const run = fc.tuple(fc.constantFrom(...alphabet), fc.integer({ min: 1, max: 5_000 }));
    const runs = fc.array(fc.oneof(run, fc.tuple(fc.constantFrom(...alphabet), fc.constant(1))), { minLength: 1, maxLength: 200 });
    fc.assert(
      fc.property(runs, (parts) => {
        const input = parts
          .map(([token, times]) => token.repeat(times))
          .join('')
          .slice(0, 50_000);
        expectLinear(input);
      }),
      { seed: 9, numRuns: 150 },
    );
  });
});
