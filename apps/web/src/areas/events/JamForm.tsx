import { Button, Form } from 'react-aria-components';
import { call, feedPath } from '../../api';
import { useI18n } from '../../i18n';
import { JAM_QUESTION_MAX, JAM_TITLE_MAX, type Jam } from './api';
import { jamFields, jamRequest, type JamDraft } from './logic';
import { useCreateDraft } from './draft';
import { FormProblem, ProblemField } from './parts';

const EMPTY: JamDraft = { title: '', question: '', closesAt: '', votesPerPerson: '3', audience: { kind: 'organisation' } };
const OWN = ['title', 'question', 'closesAt', 'votesPerPerson'].flatMap(jamFields);

/** Schedules an organisation-wide jam, open from now (`POST /v1/jams`); the feed decides who may (403 otherwise). */
export function JamForm({ onScheduled }: { onScheduled(jam: Jam): void }) {
  const { t } = useI18n();
  const { draft, set, submit, busy, problem } = useCreateDraft(EMPTY, (d, idempotencyKey) => call<Jam>('POST', feedPath('/v1/jams'), { body: jamRequest(d), idempotencyKey }), onScheduled);
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;

  const field = (name: keyof Omit<JamDraft, 'audience'>) => ({ value: draft[name], onChange: set(name), fields: jamFields(name), problem });
  const tooLong = draft.title.length > JAM_TITLE_MAX || draft.question.length > JAM_QUESTION_MAX;
  return (
    <section aria-labelledby="ev-new-jam" className="card">
      <h2 id="ev-new-jam">{t('ev_newJamTitle')}</h2>
      <p className="meta">{t('ev_newJamHint')}</p>
      <Form onSubmit={submit} validationBehavior="aria">
        <ProblemField label={t('ev_title')} isRequired {...field('title')} />
        <ProblemField label={t('ev_question')} multiline isRequired {...field('question')} />
        <div className="row">
          <ProblemField label={t('ev_closesAt')} type="datetime-local" isRequired description={t('ev_timeZoneHint', { zone })} {...field('closesAt')} />
          <ProblemField label={t('ev_votesPerPerson')} type="number" {...field('votesPerPerson')} />
        </div>
        <FormProblem problem={problem} own={OWN} />
        <Button type="submit" className="button primary" isDisabled={busy || !draft.title.trim() || !draft.question.trim() || tooLong}>
          {busy ? t('ev_scheduling') : t('ev_schedule')}
        </Button>
      </Form>
    </section>
  );
}
