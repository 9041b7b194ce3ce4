import { useCallback, useEffect, useState } from 'react';
import { Link } from 'react-aria-components';
import { call, feedPath, type Me } from '../../api';
import { useI18n } from '../../i18n';
import { ProblemMessage } from '../../views/ProblemMessage';
import { RSVP_ANSWERS, type AgendaItem } from './api';
import { eventWhen, moment, organisesItem } from './logic';
import { eventsHref } from './paths';
import { AttendanceLine, ConfirmButton, Loading, PersonName, RsvpControl } from './parts';

/** `/agenda/<id>`: the item's details, who organises it, the answers so far, your answer; the organiser may cancel it. */
export default function AgendaItemPage({ agendaItemId, me }: { agendaItemId: string; me: Me }) {
  const { t, lang } = useI18n();
  const [item, setItem] = useState<AgendaItem | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [actionError, setActionError] = useState<unknown>(null);

  const load = useCallback(() => {
    setError(null);
    call<AgendaItem>('GET', feedPath(`/v1/agenda/${encodeURIComponent(agendaItemId)}`))
      .then(setItem)
      .catch(setError);
  }, [agendaItemId]);
  useEffect(load, [load]);

  async function cancel() {
    setActionError(null);
    try {
      setItem(await call<AgendaItem>('POST', feedPath(`/v1/agenda/${encodeURIComponent(agendaItemId)}/cancel`), { body: {} }));
    } catch (e) {
      setActionError(e);
    }
  }

  if (error !== null) return <ProblemMessage error={error} onRetry={load} />;
  if (!item) return <Loading />;
  const d = item.details;
  return (
    <article aria-labelledby="ev-item-title" className="card ev-page">
      <p>
        <Link href={eventsHref.agenda}>← {t('ev_backToAgenda')}</Link>
      </p>
      <h1 id="ev-item-title">{d.title}</h1>
      {item.status === 'cancelled' && <p className="notice">{t('ev_cancelled')}</p>}
      <dl className="ev-facts">
        {d.kind === 'event' && (
          <>
            <dt>{t('ev_when')}</dt>
            <dd>
              <time dateTime={d.startsAt}>{eventWhen(d.startsAt, d.endsAt, lang)}</time>
            </dd>
          </>
        )}
        {d.kind === 'static' && d.visibleUntil && (
          <>
            <dt>{t('ev_when')}</dt>
            <dd>{t('ev_until', { date: moment(d.visibleUntil, lang) })}</dd>
          </>
        )}
        {d.kind === 'event' && d.location && (
          <>
            <dt>{t('ev_location')}</dt>
            <dd>{d.location}</dd>
          </>
        )}
        {d.kind === 'event' && d.onlineUrl && (
          <>
            <dt>{t('ev_online')}</dt>
            <dd>
              <a href={d.onlineUrl} rel="noopener noreferrer" target="_blank">
                {t('ev_onlineLink')}
              </a>
            </dd>
          </>
        )}
        <dt>{t('ev_organiser')}</dt>
        <dd>
          <PersonName userId={item.organiserId} me={me} />
        </dd>
        <dt>{t('audience')}</dt>
        <dd>{item.audience.kind === 'group' ? t('ev_groupAudience') : t('ev_orgAudience')}</dd>
      </dl>
      {d.description && <p className="body">{d.description}</p>}
      {d.kind === 'event' && (
        <section aria-labelledby="ev-answers">
          <h2 id="ev-answers">{t('ev_counts')}</h2>
          <AttendanceLine item={item} />
          <ul className="ev-counts">
            {RSVP_ANSWERS.map((a) => (
              <li key={a}>
                {t(`ev_count_${a}`)}: <strong>{item.rsvps[a]}</strong>
              </li>
            ))}
          </ul>
          <p data-testid="ev-your-rsvp">{item.you.rsvp ? t('ev_yourRsvp', { answer: t(`ev_rsvp_${item.you.rsvp}`) }) : t('ev_noRsvp')}</p>
          <RsvpControl item={item} onChange={setItem} />
        </section>
      )}
      {item.status === 'scheduled' && organisesItem(item, me) && (
        <ConfirmButton label={t('ev_cancelItem')} onConfirm={() => void cancel()} />
      )}
      {actionError !== null && <ProblemMessage error={actionError} />}
    </article>
  );
}
