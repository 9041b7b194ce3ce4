import { useCallback, useEffect, useRef, useState } from 'react';
import { Button, Link } from 'react-aria-components';
import { call } from '../../api';
import { useI18n, type MessageKey } from '../../i18n';
import { displayNameOf } from '../../names';
import { ProblemMessage } from '../../views/ProblemMessage';
import { notificationsPath, type InboxPage as Page, type NotificationItem } from './api';
import { describeItem, sentenceOf } from './describe';
import { allReadUpTo, appendPage, EMPTY_INBOX, mergeLive, withRead, type InboxList } from './inbox-list';
import { liveInbox } from './live';

const PAGE_SIZE = 20;

function useActorName(actorId: string | null): string | null {
  const [name, setName] = useState<string | null>(null);
  useEffect(() => {
    if (!actorId) return;
    let live = true;
    void displayNameOf(actorId).then((n) => live && setName(n));
    return () => {
      live = false;
    };
  }, [actorId]);
  return actorId ? name : null;
}

function when(iso: string, lang: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString(lang === 'nl' ? 'nl-NL' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short' });
}

/** Marks one item read; the answer carries the new unread count for the bell. */
async function markRead(id: string): Promise<NotificationItem> {
  const answer = await call<{ item: NotificationItem; unread: number }>('PUT', notificationsPath.read(id));
  liveInbox.setUnread(answer.unread);
  return answer.item;
}

function ItemRow({ item, onRead, onError }: { item: NotificationItem; onRead: (id: string) => void; onError: (error: unknown) => void }) {
  const { t, lang } = useI18n();
  const description = describeItem(item);
  const name = useActorName(description.actorId);
  const sentence = sentenceOf(t(description.key as MessageKey), description, name, t('notifAndOthers'), t('notifSomeone'));
  const read = () => {
    onRead(item.id);
    markRead(item.id).catch(onError);
  };
  return (
    <li className={item.read ? 'inbox-item' : 'inbox-item unread'}>
      {!item.read && <span className="unread-mark">{t('notifUnread')}</span>}
      {item.urgency === 'urgent' && <span className="urgent-mark">{t('notifUrgent')}</span>}
      <p className="inbox-sentence">
        {description.href ? (
          // Opening it marks it read (in the background: the target page loads meanwhile).
          <Link href={description.href} onPress={() => !item.read && read()}>
            {sentence}
          </Link>
        ) : (
          sentence
        )}
      </p>
      {item.excerpt && <p className="inbox-excerpt">{item.excerpt}</p>}
      <p className="meta">
        <time dateTime={item.updatedAt}>{t('notifAt', { date: when(item.updatedAt, lang) })}</time>
        {item.dueAt && <> · {t('notifDue', { date: when(item.dueAt, lang) })}</>}
      </p>
      {!item.read && (
        <Button className="button secondary" onPress={read}>
          {t('notifMarkRead')}
        </Button>
      )}
    </li>
  );
}

/**
 * The inbox (`/notifications`): pages of 20, most recently changed first, unread ones marked in
 * words; items arriving live go to the top. With `only`, one item (`/notifications/<id>`): opening
 * it marks it read.
 */
export default function InboxPage({ only }: { only?: string }) {
  const { t } = useI18n();
  const [list, setList] = useState<InboxList>(EMPTY_INBOX);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(null);
  const [unread, setUnread] = useState<number | null>(liveInbox.count);
  const [status, setStatus] = useState('');
  const loadingRef = useRef(false);

  const load = useCallback(
    async (from: InboxList) => {
      if (loadingRef.current) return;
      loadingRef.current = true;
      setLoading(true);
      setError(null);
      try {
        if (only) {
          const item = await call<NotificationItem>('GET', notificationsPath.one(only));
          setList({ items: [item], nextCursor: null, done: true });
          if (!item.read) setList({ items: [await markRead(item.id)], nextCursor: null, done: true });
        } else {
          const page = await call<Page>('GET', notificationsPath.inbox(PAGE_SIZE, from.nextCursor ?? undefined));
          liveInbox.setUnread(page.unread);
          setList((current) => appendPage(from === EMPTY_INBOX ? EMPTY_INBOX : current, page));
        }
      } catch (e) {
        setError(e);
      } finally {
        loadingRef.current = false;
        setLoading(false);
      }
    },
    [only],
  );

  useEffect(() => {
    void load(EMPTY_INBOX);
  }, [load]);

  useEffect(
    () =>
      liveInbox.subscribe({
        unread: setUnread,
        item: only ? undefined : (item) => setList((current) => mergeLive(current, item)),
        resync: only ? undefined : () => void load(EMPTY_INBOX),
      }),
    [only, load],
  );

  const readAll = async () => {
    const upto = Math.max(0, ...list.items.map((i) => i.seq));
    try {
      const answer = await call<{ changed: number; unread: number }>('POST', notificationsPath.readAll);
      liveInbox.setUnread(answer.unread);
      setList((current) => allReadUpTo(current, upto));
      setStatus(t('notifMarkedAllRead'));
    } catch (e) {
      setError(e);
    }
  };

  const rows = list.items.map((item) => <ItemRow key={item.id} item={item} onRead={(id) => setList((current) => withRead(current, id, true))} onError={setError} />);
  return (
    <section aria-labelledby="inbox-title" className="inbox">
      <h1 id="inbox-title">{t('notifInboxTitle')}</h1>
      <div className="inbox-actions">
        {unread !== null && <p className="meta">{t('notifUnreadSummary', { n: unread })}</p>}
        {only ? (
          <Link href="/notifications">{t('notifBackToInbox')}</Link>
        ) : (
          <Button className="button secondary" isDisabled={unread === 0} onPress={() => void readAll()}>
            {t('notifMarkAllRead')}
          </Button>
        )}
        <Link href="/settings/notifications">{t('notifSettingsLink')}</Link>
      </div>
      <div role="status" className="visually-hidden">
        {status}
      </div>
      {!loading && error === null && list.items.length === 0 && <p>{t('notifEmpty')}</p>}
      {list.items.length > 0 && (
        <ul className="inbox-list" aria-busy={loading}>
          {rows}
        </ul>
      )}
      {only && list.items[0] && !describeItem(list.items[0]).href && <p className="meta">{t('notifNoLink')}</p>}
      {error !== null && <ProblemMessage error={error} onRetry={() => void load(list.items.length === 0 ? EMPTY_INBOX : list)} />}
      {loading && <p role="status">{t('loading')}</p>}
      {!only && !loading && error === null && !list.done && list.items.length > 0 && (
        <Button className="button secondary" onPress={() => void load(list)}>
          {t('notifLoadMore')}
        </Button>
      )}
      {!only && list.done && list.items.length > 0 && <p className="meta">{t('notifEnd')}</p>}
    </section>
  );
}
