import { Button, Form } from 'react-aria-components';
import { call, feedPath } from '../../api';
import { useI18n } from '../../i18n';
import { AGENDA_TITLE_MAX, type AgendaItem } from './api';
import { agendaFields, eventRequest, type EventDraft } from './logic';
import { useCreateDraft } from './draft';
import { FormProblem, ProblemField } from './parts';

const EMPTY: EventDraft = { title: '', description: '', startsAt: '', endsAt: '', location: '', onlineUrl: '', capacity: '', audience: { kind: 'organisation' } };
const OWN = ['title', 'description', 'startsAt', 'endsAt', 'location', 'onlineUrl', 'capacity'].flatMap(agendaFields);

/**
 * Plans an organisation-wide event (`POST /v1/agenda`, one Idempotency-Key per draft). Times are
 * entered in the reader's zone and sent as instants; the feed's problems are shown at their field.
 */
export function EventForm({ onScheduled }: { onScheduled(item: AgendaItem): void }) {
  const { t } = useI18n();
  const { draft, set, submit, busy, problem } = useCreateDraft(EMPTY, (d, idempotencyKey) => call<AgendaItem>('POST', feedPath('/v1/agenda'), { body: eventRequest(d), idempotencyKey }), onScheduled);
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;

  const field = (name: keyof Omit<EventDraft, 'audience'>) => ({ value: draft[name], onChange: set(name), fields: agendaFields(name), problem });
  return (
    <section aria-labelledby="ev-new-event" className="card">
      <h2 id="ev-new-event">{t('ev_newEventTitle')}</h2>
      <Form onSubmit={submit} validationBehavior="aria">
        <ProblemField label={t('ev_title')} isRequired {...field('title')} />
        <ProblemField label={t('ev_description')} multiline {...field('description')} />
        <div className="row">
          <ProblemField label={t('ev_startsAt')} type="datetime-local" isRequired description={t('ev_timeZoneHint', { zone })} {...field('startsAt')} />
          <ProblemField label={t('ev_endsAt')} type="datetime-local" isRequired {...field('endsAt')} />
        </div>
        <ProblemField label={t('ev_locationOptional')} {...field('location')} />
        <ProblemField label={t('ev_onlineUrlOptional')} type="url" {...field('onlineUrl')} />
        <ProblemField label={t('ev_capacityOptional')} type="number" {...field('capacity')} />
        <FormProblem problem={problem} own={OWN} />
        <Button type="submit" className="button primary" isDisabled={busy || !draft.title.trim() || draft.title.length > AGENDA_TITLE_MAX}>
          {busy ? t('ev_scheduling') : t('ev_schedule')}
        </Button>
      </Form>
    </section>
  );
}
