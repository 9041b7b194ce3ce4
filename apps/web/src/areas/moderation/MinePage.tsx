import { useState, type FormEvent } from 'react';
import { Button, FieldError, Form, Label, TextArea, TextField } from 'react-aria-components';
import { call, newIdempotencyKey, Problem } from '../../api';
import { useI18n, type MessageKey } from '../../i18n';
import { formatDate } from '../../views/PostCard';
import { usePagedList } from '../../usePagedList';
import { ProblemMessage } from '../../views/ProblemMessage';
import { REPORT_TEXT_MAX, type CasePage, type DecisionView, type MyReport } from './api';
import { ContentPreview } from './ContentPreview';
import { useReasonLabel } from './labels';
import { moderationPath } from './logic';

/** A list of the reader's own (20 a page, moderation's `cursor` paging) with a "load more" button. */
function useMine<T>(path: (cursor: string | null) => string, idOf: (item: T) => string) {
  return usePagedList<T>({
    fetchPage: async (cursor, signal) => {
      const page = await call<CasePage<T>>('GET', path(cursor), { signal });
      return { items: page.items, next: page.nextCursor };
    },
    idOf,
  });
}

/** Everyone's own side of moderation: what they reported (and its case's status) and decisions about their content, with an appeal. */
export default function MinePage() {
  const { t, lang } = useI18n();
  const reasonLabel = useReasonLabel();
  const reports = useMine<MyReport>(moderationPath.myReports, (r) => `${r.contentType}:${r.contentId}`);
  const decisions = useMine<DecisionView>(moderationPath.myDecisions, (d) => d.decisionId);
  return (
    <section aria-labelledby="mod-mine-title">
      <h1 id="mod-mine-title">{t('modMineTitle')}</h1>
      <section aria-labelledby="mod-my-decisions" className="card">
        <h2 id="mod-my-decisions">{t('modMyDecisions')}</h2>
        {decisions.error !== null && <ProblemMessage error={decisions.error} onRetry={() => void decisions.reload()} />}
        {decisions.items?.length === 0 && <p>{t('modMyDecisionsEmpty')}</p>}
        <ul className="mod-list">
          {(decisions.items ?? []).map((d) => (
            <li key={d.decisionId} className="comments">
              <p>
                <strong>{t(`modDecision_${d.kind}` as MessageKey)}</strong> · {t(`modContent_${d.contentType}` as MessageKey)} · {reasonLabel(d.reasonCode)} · {t('modDecidedOn', { date: formatDate(d.decidedAt, lang) })}
              </p>
              <ContentPreview item={d} />
              <p>
                {d.rule}: {d.statement}
              </p>
              <p className="meta">{d.nextSteps}</p>
              <p className="meta">{t(`modAppealStatus_${d.appeal.status}` as MessageKey)}</p>
              {d.appealable && d.appeal.status === 'none' && (
                <AppealForm decisionId={d.decisionId} onAppealed={(v) => decisions.setItems((all) => all.map((x) => (x.decisionId === v.decisionId ? v : x)))} />
              )}
            </li>
          ))}
        </ul>
        {decisions.hasMore && (
          <Button className="button secondary" onPress={() => void decisions.loadMore()}>
            {t('modMoreItems')}
          </Button>
        )}
      </section>
      <section aria-labelledby="mod-my-reports" className="card">
        <h2 id="mod-my-reports">{t('modMyReports')}</h2>
        {reports.error !== null && <ProblemMessage error={reports.error} onRetry={() => void reports.reload()} />}
        {reports.items?.length === 0 && <p>{t('modMyReportsEmpty')}</p>}
        <ul className="mod-list">
          {(reports.items ?? []).map((r) => (
            <li key={`${r.contentType}:${r.contentId}`}>
              {t(`modContent_${r.contentType}` as MessageKey)} · {reasonLabel(r.reason)} · {t('modReportedOn', { date: formatDate(r.reportedAt, lang) })} · {t(`modStatus_${r.status}` as MessageKey)}
            </li>
          ))}
        </ul>
        {reports.hasMore && (
          <Button className="button secondary" onPress={() => void reports.loadMore()}>
            {t('modMoreItems')}
          </Button>
        )}
      </section>
    </section>
  );
}

function AppealForm({ decisionId, onAppealed }: { decisionId: string; onAppealed(view: DecisionView): void }) {
  const { t } = useI18n();
  const [text, setText] = useState('');
  const [key, setKey] = useState(newIdempotencyKey);
  const [problem, setProblem] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);
  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setBusy(true);
    setProblem(null);
    try {
      onAppealed(await call<DecisionView>('POST', moderationPath.appeal(decisionId), { idempotencyKey: key, body: { text: text.trim() } }));
      setDone(true);
    } catch (e) {
      setProblem(e);
    } finally {
      setBusy(false);
    }
  }
  const fieldMessages = problem instanceof Problem ? problem.messagesFor(['body.text', 'text']) : [];
  return (
    <Form onSubmit={submit} validationBehavior="aria">
      <TextField
        value={text}
        onChange={(v) => {
          setText(v);
          setKey(newIdempotencyKey());
        }}
        isRequired
        maxLength={REPORT_TEXT_MAX}
        isInvalid={fieldMessages.length > 0}
        className="field"
      >
        <Label>{t('modAppealText')}</Label>
        <TextArea rows={2} />
        <FieldError>{fieldMessages.join(' ')}</FieldError>
      </TextField>
      {problem !== null && fieldMessages.length === 0 && <ProblemMessage error={problem} />}
      <Button type="submit" className="button secondary" isDisabled={busy || !text.trim()}>
        {t('modAppealSend')}
      </Button>
      <p role="status" className="meta">
        {done ? t('modAppealed') : ''}
      </p>
    </Form>
  );
}
