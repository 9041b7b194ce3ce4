/**
 * What the visibility probes compare and look for in an answer: the answer to a hidden thing's id
 * must equal the answer to an id nobody issued once each id is masked, and no answer may mention a
 * secret (ids also without dashes and inside base64url cursors).
 */
export interface Answer {
  readonly status: number;
  readonly text: string;
}

/** The answer with the probed id replaced by a placeholder and the per-request fields dropped. */
export function normalised(answer: Answer, id: string): unknown {
  let body: unknown;
  try {
    body = JSON.parse(answer.text.replaceAll(id, '{id}'));
  } catch {
    body = answer.text.replaceAll(id, '{id}');
  }
  if (body && typeof body === 'object' && !Array.isArray(body)) {
    const { correlationId: _c, ...rest } = body as Record<string, unknown>;
    return { status: answer.status, body: rest };
  }
  return { status: answer.status, body };
}

/** The text plus every base64url-looking run decoded, so ids inside opaque cursors are found too. */
export function withDecodedTokens(text: string): string {
  const decoded = (text.match(/[\w-]{16,}/g) ?? []).map((token) => Buffer.from(token, 'base64url').toString('utf8'));
  return [text, ...decoded].join('\n');
}

/** Names of the secrets the text mentions (ids also without dashes, also inside cursors). */
export function mentioned(text: string, secrets: Record<string, string>): string[] {
  const haystack = withDecodedTokens(text);
  return Object.entries(secrets)
    .filter(([, value]) => haystack.includes(value) || (value.includes('-') && haystack.includes(value.replaceAll('-', ''))))
    .map(([name]) => name);
}
