import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { FieldError, Label, TextArea, TextField } from 'react-aria-components';
import { call, feedPath, type Page } from '../api';
import { useI18n } from '../i18n';
import { applyPick, knownHashtags, matchHashtags, mentionText, moveActive, rankPeople, rememberHashtags, tokenAt, type Token } from './autocomplete';

interface Suggestion {
  readonly key: string;
  readonly label: string;
  readonly detail?: string;
  /** What the token becomes (asked for when picked: a person's handle). */
  insert(): Promise<string>;
}

interface PersonHit {
  readonly userId: string;
  readonly name: string;
  readonly title?: string;
  readonly department?: string;
}

const SUGGEST_DELAY_MS = 200;
const SUGGESTIONS_MAX = 8;

/** The reader's followed hashtags, asked once per page life: the composer offers them with the ones met in timelines. */
let followsLoaded = false;
function loadFollowedHashtags(): void {
  if (followsLoaded) return;
  followsLoaded = true;
  call<Page<{ kind: string; tag?: string }>>('GET', feedPath('/v1/follows', { limit: 100 }))
    .then((page) => rememberHashtags(page.items.flatMap((f) => (f.kind === 'hashtag' && f.tag ? [f.tag] : []))))
    .catch(() => undefined);
}

async function peopleFor(query: string, signal: AbortSignal): Promise<Suggestion[]> {
  const params = new URLSearchParams({ q: query, limit: String(SUGGESTIONS_MAX) });
  const answer = await call<{ items: readonly PersonHit[] }>('GET', `/api/profiles/v1/profiles/search?${params.toString()}`, { signal });
  return rankPeople(answer.items, query, SUGGESTIONS_MAX).map((p) => ({
    key: `person:${p.userId}`,
    label: p.name,
    ...(p.title || p.department ? { detail: [p.title, p.department].filter(Boolean).join(', ') } : {}),
    // The handle reads better in the draft; without it the id form mentions just as well.
    insert: () =>
      call<{ userName?: string }>('GET', `/api/identity/v1/users/${encodeURIComponent(p.userId)}`)
        .then((u) => mentionText({ userId: p.userId, userName: u.userName ?? null }))
        .catch(() => mentionText({ userId: p.userId })),
  }));
}

const hashtagsFor = (query: string): Suggestion[] =>
  matchHashtags(knownHashtags(), query, SUGGESTIONS_MAX).map((tag) => ({ key: `tag:${tag}`, label: `#${tag}`, insert: () => Promise.resolve(`#${tag}`) }));

/**
 * The message field with `@` (colleagues, from profiles' search) and `#` (hashtags the reader
 * follows or met) suggestions: the textarea keeps focus and points at the active option
 * (aria-activedescendant); arrows move, Enter or Tab picks, Escape closes; a live region
 * tells how many suggestions there are. People search unreachable: no suggestions, no error.
 */
export function SuggestTextArea({ label, value, onChange, errors, rows = 4 }: { label: string; value: string; onChange(value: string): void; errors: readonly string[]; rows?: number }) {
  const { t } = useI18n();
  const listId = useId();
  const area = useRef<HTMLTextAreaElement>(null);
  const [token, setToken] = useState<Token | null>(null);
  const [items, setItems] = useState<Suggestion[]>([]);
  const [active, setActive] = useState<number | null>(null);
  /** The token start the writer closed the list for (Escape): closed until another token. */
  const [dismissed, setDismissed] = useState<number | null>(null);

  useEffect(loadFollowedHashtags, []);

  const tokenKey = token ? `${token.kind}:${token.start}:${token.query}` : '';
  useEffect(() => {
    setActive(null);
    if (!token || (token.kind === 'mention' && token.query.length < 1)) {
      setItems([]);
      return;
    }
    if (token.kind === 'hashtag') {
      setItems(hashtagsFor(token.query));
      return;
    }
    const controller = new AbortController();
    const timer = setTimeout(() => {
      peopleFor(token.query, controller.signal)
        .then((found) => !controller.signal.aborted && setItems(found))
        .catch(() => !controller.signal.aborted && setItems([]));
    }, SUGGEST_DELAY_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
    // The token's identity is its key.
  }, [tokenKey]);

  const open = token !== null && dismissed !== token.start && items.length > 0;

  const track = () => {
    const el = area.current;
    if (!el) return;
    const next = el.selectionStart === el.selectionEnd ? tokenAt(el.value, el.selectionStart) : null;
    setToken((prev) => (prev && next && prev.kind === next.kind && prev.start === next.start && prev.query === next.query ? prev : next));
    if (!next || next.start !== dismissed) setDismissed(null);
  };

  async function pick(k: number) {
    const choice = items[k];
    const at = token;
    if (!choice || !at) return;
    const insert = await choice.insert();
    const result = applyPick(area.current?.value ?? value, at, insert);
    onChange(result.text);
    setToken(null);
    setItems([]);
    requestAnimationFrame(() => {
      area.current?.focus();
      area.current?.setSelectionRange(result.caret, result.caret);
    });
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (!open) return;
    if (event.key === 'Escape') {
      event.preventDefault();
      setDismissed(token.start);
      return;
    }
    if ((event.key === 'Enter' || event.key === 'Tab') && active !== null) {
      event.preventDefault();
      void pick(active);
      return;
    }
    const moved = moveActive(active, items.length, event.key);
    if (moved !== undefined && event.key !== 'Home' && event.key !== 'End') {
      event.preventDefault();
      setActive(moved);
    }
  }

  const optionId = (k: number) => `${listId}-option-${k}`;
  return (
    <TextField value={value} onChange={onChange} isInvalid={errors.length > 0} className="field suggest">
      <Label>{label}</Label>
      <TextArea
        ref={area}
        rows={rows}
        aria-autocomplete="list"
        aria-controls={open ? listId : undefined}
        aria-activedescendant={open && active !== null ? optionId(active) : undefined}
        onKeyDown={onKeyDown}
        onSelect={track}
        onFocus={() => setDismissed(null)}
        onBlur={() => setDismissed(token?.start ?? null)}
      />
      {open && (
        <ul role="listbox" id={listId} aria-label={t('suggestions')}>
          {items.map((s, k) => (
            <li
              key={s.key}
              id={optionId(k)}
              role="option"
              aria-selected={k === active}
              // Keep the focus in the textarea: the pick happens on click.
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => void pick(k)}
            >
              {s.label}
              {s.detail && <span className="meta"> · {s.detail}</span>}
            </li>
          ))}
        </ul>
      )}
      <span className="sr-only" aria-live="polite">
        {open ? t('suggestionsCount', { n: items.length }) : ''}
      </span>
      <FieldError>{errors.join(' ')}</FieldError>
    </TextField>
  );
}
