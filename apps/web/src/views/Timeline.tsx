import { useCallback, useEffect, useRef, useState } from 'react';
import { Button } from 'react-aria-components';
import { call, feedPath, type Me, type Page, type Post } from '../api';
import { useI18n } from '../i18n';
import { PostCard } from './PostCard';
import { ProblemMessage } from './ProblemMessage';

export type { Post } from '../api';

const PAGE_SIZE = 20;
/** How often the head of the timeline is asked for, to offer the posts that arrived meanwhile. */
export const HEAD_POLL_MS = 30_000;

interface State {
  readonly items: readonly Post[];
  readonly next: string | null;
  readonly done: boolean;
  readonly loading: boolean;
  readonly error: unknown;
}

const EMPTY: State = { items: [], next: null, done: false, loading: false, error: null };

/**
 * A cursor-paged timeline (home, organisation, a hashtag): pages of 20 loaded as the end of the
 * list scrolls into view (and by a button, for keyboards and screen readers), and a "new posts"
 * indicator when the head of the timeline shows a post that is not on screen.
 */
export function Timeline({ title, path, me, pinned, level = 1 }: { title: string; path: string; me: Me; pinned: readonly Post[]; /** 2 when the timeline is a part of a page with its own h1 (a group's page). */ level?: 1 | 2 }) {
  const Heading = level === 1 ? 'h1' : 'h2';
  const { t } = useI18n();
  // Loading from the start: no "load more" before the first page.
  const [state, setState] = useState<State>({ ...EMPTY, loading: true });
  const [fresh, setFresh] = useState(false);
  const loadingRef = useRef(false);
  const sentinel = useRef<HTMLDivElement>(null);

  const loadPage = useCallback(
    async (from: State, reset: boolean) => {
      if (loadingRef.current || (!reset && from.done)) return;
      loadingRef.current = true;
      setState({ ...from, loading: true, error: null });
      try {
        const page = await call<Page<Post>>('GET', feedPath(path, { limit: PAGE_SIZE, cursor: reset ? undefined : (from.next ?? undefined) }));
        const base = reset ? [] : from.items;
        const known = new Set(base.map((p) => p.id));
        setState({ items: [...base, ...page.items.filter((p) => !known.has(p.id))], next: page.next, done: page.next === null, loading: false, error: null });
        if (reset) setFresh(false);
      } catch (error) {
        setState({ ...from, loading: false, error });
      } finally {
        loadingRef.current = false;
      }
    },
    [path],
  );

  useEffect(() => {
    void loadPage(EMPTY, true);
  }, [loadPage]);

  // Infinite scroll: the next page when the end of the list comes into view.
  useEffect(() => {
    const node = sentinel.current;
    if (!node || state.done || state.error || typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) void loadPage(state, false);
    });
    observer.observe(node);
    return () => observer.disconnect();
  }, [state, loadPage]);

  // New posts: poll the head; a post at the top that is not shown lights the indicator.
  useEffect(() => {
    const shown = new Set([...state.items, ...pinned].map((p) => p.id));
    const timer = window.setInterval(() => {
      if (document.visibilityState === 'hidden') return;
      call<Page<Post>>('GET', feedPath(path, { limit: 1 }))
        .then((head) => {
          const top = head.items[0];
          if (top && !shown.has(top.id)) setFresh(true);
        })
        .catch(() => undefined);
    }, HEAD_POLL_MS);
    return () => window.clearInterval(timer);
  }, [path, state.items, pinned]);

  const pinnedIds = new Set(pinned.map((p) => p.id));
  const items = [...pinned, ...state.items.filter((p) => !pinnedIds.has(p.id))];
  return (
    <section aria-labelledby="timeline-title" className="timeline">
      <Heading id="timeline-title">{title}</Heading>
      <div role="status" aria-live="polite">
        {fresh && (
          <Button className="button primary fresh" onPress={() => void loadPage(EMPTY, true)}>
            {t('newPosts')}
          </Button>
        )}
      </div>
      {items.length === 0 && state.done && <p>{t('emptyTimeline')}</p>}
      <div className="posts" aria-busy={state.loading}>
        {items.map((post) => (
          <PostCard key={post.id} post={post} me={me} />
        ))}
      </div>
      {state.error !== null && <ProblemMessage error={state.error} onRetry={() => void loadPage(state, false)} />}
      {state.loading && <p role="status">{t('loading')}</p>}
      {!state.done && !state.loading && state.error === null && (
        <Button className="button secondary" onPress={() => void loadPage(state, false)}>
          {t('loadMore')}
        </Button>
      )}
      {state.done && items.length > 0 && <p className="meta">{t('endOfTimeline')}</p>}
      <div ref={sentinel} aria-hidden="true" className="sentinel" />
    </section>
  );
}
