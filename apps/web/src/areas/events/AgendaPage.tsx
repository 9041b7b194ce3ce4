import { useState } from 'react';
import { Button, Link } from 'react-aria-components';
import { call, feedPath, type Page } from '../../api';
import { useI18n } from '../../i18n';
import { usePagedList } from '../../usePagedList';
import { ProblemMessage } from '../../views/ProblemMessage';
import type { AgendaItem } from './api';
import { EventForm } from './EventForm';
import { eventWhen, moment } from './logic';
import { eventsHref } from './paths';
import { AttendanceLine, Loading, RsvpControl } from './parts';

export const AGENDA_PAGE = 20;

/** `/agenda`: upcoming and current items the reader may see, soonest first, 20 a page; RSVP in place; plan an event. */
export default function AgendaPage() {
  const { t } = useI18n();
  const list = usePagedList<AgendaItem>({
    fetchPage: (after, signal) => call<Page<AgendaItem>>('GET', feedPath('/v1/agenda', { limit: AGENDA_PAGE, after: after ?? undefined }), { signal }),
    idOf: (i) => i.agendaItemId,
  });
  const { items, error } = list;
  const [creating, setCreating] = useState(false);
  const [notice, setNotice] = useState('');

  const replace = (item: AgendaItem) => list.setItems((prev) => prev.map((i) => (i.agendaItemId === item.agendaItemId ? item : i)));

  return (
    <section aria-labelledby="ev-agenda-title" className="ev-page">
      <div className="ev-head">
        <h1 id="ev-agenda-title">{t('ev_agendaTitle')}</h1>
        <Button className="button secondary" aria-expanded={creating} onPress={() => setCreating((c) => !c)}>
          {creating ? t('ev_closeForm') : t('ev_newEvent')}
        </Button>
      </div>
      <p role="status" className="meta">
        {notice}
      </p>
      {creating && (
        <EventForm
          onScheduled={(item) => {
            setCreating(false);
            setNotice(t('ev_scheduled'));
            // The listing is in start order: read it again from the top to place the new item.
            void list.reload().then(() => list.setItems((prev) => (prev.some((i) => i.agendaItemId === item.agendaItemId) ? prev : [item, ...prev])));
          }}
        />
      )}
      {error !== null && <ProblemMessage error={error} onRetry={() => void list.reload()} />}
      {items === null && error === null && <Loading />}
      {items !== null && items.length === 0 && <p>{t('ev_agendaEmpty')}</p>}
      {items !== null && items.length > 0 && (
        <ul className="ev-list">
          {items.map((item) => (
            <li key={item.agendaItemId}>
              <AgendaCard item={item} onChange={replace} />
            </li>
          ))}
        </ul>
      )}
      {list.hasMore && (
        <Button className="button secondary" isDisabled={list.loading} onPress={() => void list.loadMore()}>
          {t('ev_loadMore')}
        </Button>
      )}
    </section>
  );
}

function AgendaCard({ item, onChange }: { item: AgendaItem; onChange(item: AgendaItem): void }) {
  const { t, lang } = useI18n();
  const d = item.details;
  const headingId = `ev-item-${item.agendaItemId}`;
  return (
    <article aria-labelledby={headingId} className="card">
      <h2 id={headingId}>
        <Link href={eventsHref.agendaItem(item.agendaItemId)}>{d.title}</Link>
      </h2>
      {d.kind === 'event' ? (
        <p className="ev-when">
          <time dateTime={d.startsAt}>{eventWhen(d.startsAt, d.endsAt, lang)}</time>
        </p>
      ) : (
        d.visibleUntil && <p className="meta">{t('ev_until', { date: moment(d.visibleUntil, lang) })}</p>
      )}
      {d.kind === 'event' && (d.location || d.onlineUrl) && (
        <p className="meta">
          {d.location}
          {d.location && d.onlineUrl ? ' · ' : ''}
          {d.onlineUrl ? t('ev_online') : ''}
        </p>
      )}
      <AttendanceLine item={item} />
      <RsvpControl item={item} onChange={onChange} />
    </article>
  );
}
