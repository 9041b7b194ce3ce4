import { ScimError, type ScimErrorType } from '../scim.errors';
import { COMPARE_OPERATORS, type CompareOperator, type CompareValue, type FilterNode, type PatchPath } from './filter.ast';
import { tokenize, type Token } from './filter.lexer';

/** Nesting deeper than this is refused, so a hostile filter cannot exhaust the stack. */
export const MAX_FILTER_DEPTH = 32;

/**
 * Parses a SCIM filter (RFC 7644 §3.4.2.2). Precedence: `not` > `and` > `or`, left-associative;
 * operators and attribute names are case-insensitive. Errors are ScimError(invalidFilter).
 *
 * Leniency beyond the ABNF: `emails[type eq "work"].value eq "x"` (a value path followed by a
 * sub-attribute comparison) is read as `emails[type eq "work" and value eq "x"]`, which is what
 * clients that send it mean; both conditions must hold for the same value.
 */
export function parseScimFilter(input: string): FilterNode {
  const parser = new Parser(tokenize(input, 'invalidFilter'), 'invalidFilter');
  if (parser.peek().kind === 'eof') throw new ScimError('invalidFilter', 'Empty filter');
  const node = parser.parseOr(false, 0);
  parser.expect('eof');
  return node;
}

/** Parses a PATCH `path`; errors are ScimError(invalidPath). */
export function parseScimPath(input: string): PatchPath {
  const parser = new Parser(tokenize(input, 'invalidPath'), 'invalidPath');
  const attribute = parser.expect('word').text;
  if (parser.peek().kind !== '[') {
    parser.expect('eof');
    return { attribute };
  }
  parser.next();
  const filter = parser.parseOr(true, 1);
  parser.expect(']');
  const subAttribute = parser.peek().kind === 'subattr' ? parser.next().text : undefined;
  parser.expect('eof');
  return { attribute, filter, ...(subAttribute ? { subAttribute } : {}) };
}

const isOperator = (word: string): word is CompareOperator => (COMPARE_OPERATORS as readonly string[]).includes(word);

class Parser {
  private index = 0;
  constructor(
    private readonly tokens: readonly Token[],
    private readonly errorType: ScimErrorType,
  ) {}

  peek(): Token {
    return this.tokens[this.index]!;
  }
  next(): Token {
    const token = this.tokens[this.index]!;
    if (token.kind !== 'eof') this.index++;
    return token;
  }
  expect(kind: Token['kind']): Token {
    const token = this.peek();
    if (token.kind !== kind) this.fail(token, kind === 'eof' ? 'end of expression' : `"${kind}"`);
    return this.next();
  }
  private fail(token: Token, expected: string): never {
    const found = token.kind === 'eof' ? 'end of expression' : JSON.stringify(token.text);
    throw new ScimError(this.errorType, `Expected ${expected} but found ${found} at position ${token.position}`);
  }
  private isKeyword(word: string): boolean {
    const token = this.peek();
    return token.kind === 'word' && token.text.toLowerCase() === word;
  }

  /** `inValuePath`: inside `attr[...]`, where value paths may not nest (RFC ABNF `valFilter`). */
  parseOr(inValuePath: boolean, depth: number): FilterNode {
    let left = this.parseAnd(inValuePath, depth);
    while (this.isKeyword('or')) {
      this.next();
      left = { type: 'or', left, right: this.parseAnd(inValuePath, depth) };
    }
    return left;
  }

  private parseAnd(inValuePath: boolean, depth: number): FilterNode {
    let left = this.parseUnary(inValuePath, depth);
    while (this.isKeyword('and')) {
      this.next();
      left = { type: 'and', left, right: this.parseUnary(inValuePath, depth) };
    }
    return left;
  }

  private parseUnary(inValuePath: boolean, depth: number): FilterNode {
    if (depth > MAX_FILTER_DEPTH) throw new ScimError(this.errorType, `Filter nests deeper than ${MAX_FILTER_DEPTH} levels`);
    const token = this.peek();
    if (token.kind === '(') {
      this.next();
      const inner = this.parseOr(inValuePath, depth + 1);
      this.expect(')');
      return inner;
    }
    // `not` is an operator only when a parenthesis follows (RFC: `"not" "(" FILTER ")"`).
    if (this.isKeyword('not') && this.tokens[this.index + 1]?.kind === '(') {
      this.next();
      this.next();
      const inner = this.parseOr(inValuePath, depth + 1);
      this.expect(')');
      return { type: 'not', filter: inner };
    }
    if (token.kind !== 'word') this.fail(token, 'an attribute path, "(" or "not ("');
    const attribute = this.next().text;
    if (this.peek().kind === '[') {
      if (inValuePath) throw new ScimError(this.errorType, `Value filters cannot nest (at position ${this.peek().position})`);
      this.next();
      const inner = this.parseOr(true, depth + 1);
      this.expect(']');
      if (this.peek().kind !== 'subattr') return { type: 'valuePath', attribute, filter: inner };
      const sub = this.next().text;
      return { type: 'valuePath', attribute, filter: { type: 'and', left: inner, right: this.parseComparison(sub) } };
    }
    return this.parseComparison(attribute);
  }

  private parseComparison(attribute: string): FilterNode {
    const opToken = this.peek();
    if (opToken.kind !== 'word') this.fail(opToken, 'an operator');
    const op = opToken.text.toLowerCase();
    if (op === 'pr') {
      this.next();
      return { type: 'present', attribute };
    }
    if (!isOperator(op)) this.fail(opToken, 'an operator (eq, ne, co, sw, ew, gt, ge, lt, le, pr)');
    this.next();
    return { type: 'compare', attribute, operator: op, value: this.parseValue() };
  }

  private parseValue(): CompareValue {
    const token = this.next();
    if (token.kind === 'string') return token.text;
    if (token.kind === 'number') return Number(token.text);
    if (token.kind === 'word') {
      const word = token.text.toLowerCase();
      if (word === 'true') return true;
      if (word === 'false') return false;
      if (word === 'null') return null;
    }
    return this.fail(token, 'a value (string, number, true, false or null)');
  }
}
