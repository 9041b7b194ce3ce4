import { RAW_BODY_MAX, sanitizeMarkdown, type MentionDirectory, type MentionRef } from '@plein/feed/domain';
import type { UserReadModel } from './ports';

/**
 * Looks up who the mentions of a text mean before the decider sanitises it: a first parse
 * collects `@handle` and `@[id]` references, the users read model resolves them (active people
 * only; an unresolved mention stays text), and the decider gets the directory. A text longer
 * than the raw input cap is not parsed at all: the decider refuses it, naming the field, before
 * it parses anything.
 */
export async function mentionDirectory(users: UserReadModel, ...texts: readonly (string | undefined)[]): Promise<MentionDirectory> {
  const refs: MentionRef[] = [];
  for (const text of texts) {
    if (!text || text.length > RAW_BODY_MAX) continue;
    sanitizeMarkdown(text, {
      resolveMention: (ref) => {
        refs.push(ref);
        return undefined;
      },
    });
  }
  if (refs.length === 0) return new Map();
  const handles = [...new Set(refs.flatMap((r) => (r.kind === 'handle' ? [r.handle.toLowerCase()] : [])))].slice(0, 100);
  const ids = [...new Set(refs.flatMap((r) => (r.kind === 'id' ? [r.id.toLowerCase()] : [])))].slice(0, 100);
  return users.resolveHandles(handles, ids);
}
