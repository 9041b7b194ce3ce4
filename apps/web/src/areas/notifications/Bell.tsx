import { useEffect, useRef, useState } from 'react';
import { Link } from 'react-aria-components';
import { useI18n, type MessageKey } from '../../i18n';
import { displayNameOf } from '../../names';
import type { NotificationItem } from './api';
import { describeItem, sentenceOf } from './describe';
import { liveInbox } from './live';

/** How long new items are gathered into one announcement (a burst is told once, not item by item). */
const ANNOUNCE_GATHER_MS = 1_500;

/**
 * The bell in the header: a link to the inbox named with the live unread count ("Meldingen (3
 * ongelezen)"), updated from the tab's notification stream. New unread items are announced once
 * per burst in a polite live region; a changing count alone is not announced.
 */
export function Bell() {
  const { t } = useI18n();
  const [count, setCount] = useState<number | null>(liveInbox.count);
  const [announcement, setAnnouncement] = useState('');
  const pending = useRef<NotificationItem[]>([]);
  const timer = useRef<number | undefined>(undefined);
  const tRef = useRef(t);
  tRef.current = t;

  useEffect(() => {
    const flush = async (): Promise<void> => {
      const items = pending.current.splice(0);
      const tt = tRef.current;
      if (items.length === 0) return;
      if (items.length > 1) {
        setAnnouncement(tt('notifNewAnnounceMany', { n: items.length }));
        return;
      }
      const description = describeItem(items[0]!);
      const name = description.actorId ? await displayNameOf(description.actorId) : null;
      const text = sentenceOf(tt(description.key as MessageKey), description, name, tt('notifAndOthers'), tt('notifSomeone'));
      setAnnouncement(tt('notifNewAnnounce', { text }));
    };
    const unsubscribe = liveInbox.subscribe({
      unread: setCount,
      item: (item) => {
        if (item.read) return;
        pending.current.push(item);
        window.clearTimeout(timer.current);
        timer.current = window.setTimeout(() => void flush(), ANNOUNCE_GATHER_MS);
      },
    });
    return () => {
      window.clearTimeout(timer.current);
      unsubscribe();
    };
  }, []);

  const label = count === null ? t('notifBellLoading') : t('notifBell', { n: count });
  return (
    <>
      {/* The name is the link's own (hidden) text, not an aria-label: the visible count is then part of no other name. */}
      <Link href="/notifications" className="bell">
        <span className="visually-hidden">{label}</span>
        <svg aria-hidden="true" focusable="false" viewBox="0 0 24 24" width="24" height="24">
          <path d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3a1.5 1.5 0 0 0-3 0v1.16A7 7 0 0 0 5 11v5l-2 2v1h18v-1Z" />
        </svg>
        {count !== null && count > 0 && (
          <span className="bell-count" aria-hidden="true">
            {count > 99 ? '99+' : count}
          </span>
        )}
      </Link>
      <span className="visually-hidden" role="status" aria-live="polite">
        {announcement}
      </span>
    </>
  );
}
