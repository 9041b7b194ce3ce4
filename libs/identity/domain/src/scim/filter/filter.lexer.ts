import { ScimError, type ScimErrorType } from '../scim.errors';

export type TokenKind = '(' | ')' | '[' | ']' | 'string' | 'number' | 'word' | 'subattr' | 'eof';
export interface Token {
  readonly kind: TokenKind;
  /** Source text (for `string`: the decoded value). */
  readonly text: string;
  readonly position: number;
}

/** Filters longer than this are refused before parsing: no legitimate IdP query comes close. */
export const MAX_FILTER_LENGTH = 4096;

const PATTERNS: ReadonlyArray<readonly [TokenKind, RegExp]> = [
  // JSON string literal (RFC 7644: compValue strings are JSON strings); raw control characters are not allowed in one.
  // eslint-disable-next-line no-control-regex
  ['string', /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y],
  ['number', /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:e[+-]?\d+)?(?![\w$])/iy],
  // Attribute paths incl. schema URNs (`urn:...:2.0:User:name.givenName`), operators and literals.
  ['word', /[a-z_$][\w$:.-]*/iy],
  // `.value` straight after `]` in a value path.
  ['subattr', /\.[a-z_$][\w$-]*/iy],
];

export function tokenize(input: string, errorType: ScimErrorType): Token[] {
  if (input.length > MAX_FILTER_LENGTH) throw new ScimError(errorType, `Expression longer than ${MAX_FILTER_LENGTH} characters`);
  const tokens: Token[] = [];
  let i = 0;
  outer: while (i < input.length) {
    const ch = input[i]!;
    if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r') {
      i++;
      continue;
    }
    if (ch === '(' || ch === ')' || ch === '[' || ch === ']') {
      tokens.push({ kind: ch, text: ch, position: i });
      i++;
      continue;
    }
    for (const [kind, regex] of PATTERNS) {
      regex.lastIndex = i;
      const match = regex.exec(input);
      if (!match) continue;
      if (kind === 'subattr' && tokens[tokens.length - 1]?.kind !== ']') break;
      const text = kind === 'string' ? (JSON.parse(match[0]) as string) : kind === 'subattr' ? match[0].slice(1) : match[0];
      tokens.push({ kind, text, position: i });
      i += match[0].length;
      continue outer;
    }
    throw new ScimError(errorType, `Unexpected character ${JSON.stringify(ch)} at position ${i}`);
  }
  tokens.push({ kind: 'eof', text: '', position: input.length });
  return tokens;
}
