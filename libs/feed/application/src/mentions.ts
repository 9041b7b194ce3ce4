import { mentionRefsOf, parseMarkdown, RAW_BODY_MAX, type MentionDirectory, type MentionRef, type ParsedMarkdown } from '@plein/feed/domain';
import type { UserReadModel } from './ports';

/**
 * Looks up who the mentions of a text mean before the decider sanitises it: a parse collects
 * `@handle` and `@[id]` references, the users read model resolves them (active people only; an
 * unresolved mention stays text), and the decider gets the directory. A text may come parsed
 * already (parsePostBody, which the decider then reuses, so it is parsed once); a text longer than
 * the raw input cap is not parsed at all: the decider refuses it, naming the field, before it
 * parses anything.
 */
export async function mentionDirectory(users: UserReadModel, ...texts: readonly (string | ParsedMarkdown | undefined)[]): Promise<MentionDirectory> {
  const refs: MentionRef[] = [];
  for (const text of texts) {
    if (typeof text === 'string') {
      if (text && text.length <= RAW_BODY_MAX) refs.push(...mentionRefsOf(parseMarkdown(text)));
    } else if (text) refs.push(...mentionRefsOf(text));
  }
  if (refs.length === 0) return new Map();
  const handles = [...new Set(refs.flatMap((r) => (r.kind === 'handle' ? [r.handle.toLowerCase()] : [])))].slice(0, 100);
  const ids = [...new Set(refs.flatMap((r) => (r.kind === 'id' ? [r.id.toLowerCase()] : [])))].slice(0, 100);
  return users.resolveHandles(handles, ids);
}
