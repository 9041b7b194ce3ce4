import { useEffect, useState } from 'react';
import { call } from './api';

/**
 * People's display names, asked of identity one person at a time (`GET /v1/users/{id}`; there is no
 * batch lookup yet) and remembered for the page's life: at most MAX_NAMES people, the oldest
 * forgotten first, and one request per person however many posts show them.
 */
const MAX_NAMES = 500;
const names = new Map<string, Promise<string | null>>();

export function displayNameOf(userId: string): Promise<string | null> {
  let known = names.get(userId);
  if (!known) {
    known = call<{ displayName?: string }>('GET', `/api/identity/v1/users/${encodeURIComponent(userId)}`)
      .then((person) => person.displayName ?? null)
      // Someone the reader may not look up (or gone): the view says "a colleague".
      .catch(() => null);
    names.set(userId, known);
    if (names.size > MAX_NAMES) names.delete(names.keys().next().value!);
  }
  return known;
}

/** The display name once known; null while asking or when identity has none for the reader. */
export function useDisplayName(userId: string): string | null {
  const [name, setName] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    void displayNameOf(userId).then((n) => live && setName(n));
    return () => {
      live = false;
    };
  }, [userId]);
  return name;
}
