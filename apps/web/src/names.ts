import { useEffect, useState } from 'react';
import { call } from './api';

/**
 * People's display names, asked of identity in batches: every name asked for within one short
 * window (WINDOW_MS) goes out as one `GET /v1/users?ids=…` (at most BATCH_SIZE ids a request), and
 * each answer is remembered for the page's life: at most MAX_NAMES people, the oldest forgotten
 * first. A person identity does not answer (unknown, deleted) is remembered as null ("a
 * colleague"); a failed request is forgotten, so the next view asks again.
 */
export const MAX_NAMES = 500;
export const BATCH_SIZE = 100;
export const WINDOW_MS = 10;

/** Asks identity for up to BATCH_SIZE people; the answer holds the known ones only. */
export type FetchPeople = (ids: readonly string[]) => Promise<readonly { readonly id: string; readonly displayName?: string }[]>;

export interface NameLookup {
  /** The display name, or null when identity has none for the reader. */
  displayNameOf(userId: string): Promise<string | null>;
  /** A name learnt elsewhere (a search answer, a profile): later asks need no request. */
  remember(userId: string, displayName: string): void;
}

export function createNameLookup(fetchPeople: FetchPeople, options: { readonly maxNames?: number; readonly windowMs?: number } = {}): NameLookup {
  const maxNames = options.maxNames ?? MAX_NAMES;
  const windowMs = options.windowMs ?? WINDOW_MS;
  const names = new Map<string, Promise<string | null>>();
  let waiting = new Map<string, (name: string | null) => void>();
  let timer: ReturnType<typeof setTimeout> | null = null;

  const keep = (userId: string, known: Promise<string | null>) => {
    names.delete(userId); // re-inserted last: the newest
    names.set(userId, known);
    while (names.size > maxNames) names.delete(names.keys().next().value!);
  };

  const flush = () => {
    timer = null;
    const batch = waiting;
    waiting = new Map();
    const ids = [...batch.keys()];
    for (let i = 0; i < ids.length; i += BATCH_SIZE) {
      const chunk = ids.slice(i, i + BATCH_SIZE);
      fetchPeople(chunk).then(
        (people) => {
          const byId = new Map(people.map((p) => [p.id, p.displayName ?? null]));
          for (const id of chunk) batch.get(id)!(byId.get(id) ?? null);
        },
        () => {
          for (const id of chunk) {
            names.delete(id);
            batch.get(id)!(null);
          }
        },
      );
    }
  };

  return {
    displayNameOf(userId) {
      const id = userId.toLowerCase();
      const known = names.get(id);
      if (known) return known;
      const asked = new Promise<string | null>((resolve) => waiting.set(id, resolve));
      keep(id, asked);
      timer ??= setTimeout(flush, windowMs);
      return asked;
    },
    remember(userId, displayName) {
      keep(userId.toLowerCase(), Promise.resolve(displayName));
    },
  };
}

const lookup = createNameLookup(async (ids) => (await call<{ items: { id: string; displayName?: string }[] }>('GET', `/api/identity/v1/users?ids=${ids.map(encodeURIComponent).join(',')}`)).items);

export const displayNameOf = (userId: string): Promise<string | null> => lookup.displayNameOf(userId);
export const rememberName = (userId: string, displayName: string): void => lookup.remember(userId, displayName);

/** The display name once known; null while asking or when identity has none for the reader. */
export function useDisplayName(userId: string): string | null {
  const [name, setName] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    setName(null);
    void displayNameOf(userId).then((n) => live && setName(n));
    return () => {
      live = false;
    };
  }, [userId]);
  return name;
}
