import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { Button, Dialog, FieldError, Form, Heading, Input, Label, Link, ListBox, ListBoxItem, Modal, ModalOverlay, Popover, Select, SelectValue, Text, TextArea, TextField } from 'react-aria-components';
import { call, newIdempotencyKey, Problem, type Me } from '../../api';
import { useI18n, type MessageKey } from '../../i18n';
import { formatDate } from '../../views/PostCard';
import { ProblemMessage } from '../../views/ProblemMessage';
import { MODERATION_REASONS, OFFERED_DECISIONS, RULE_MAX, STATEMENT_MAX, type ContentType, type DecisionView, type OfferedDecision, type QueueItem } from './api';
import { ContentPreview } from './ContentPreview';
import { useReasonLabel } from './labels';
import { moderationPath, reasonsByCount } from './logic';
import { PersonName } from './PersonName';

const FIELDS = { kind: ['body.kind', 'kind'], reasonCode: ['body.reasonCode', 'reasonCode'], rule: ['body.rule', 'rule'], statement: ['body.statement', 'statement'] };
const OWN_FIELDS = Object.values(FIELDS).flat();

/**
 * One case: the content, its reports (counts per reason, never who), claim and release, a decision
 * with its statement of reasons (removing asks for confirmation) and what happened to it so far.
 * 403 and 409 answers (someone else has it, your own content) are shown as the problem's text.
 */
export default function CasePage({ contentType, contentId, me }: { contentType: ContentType; contentId: string; me: Me }) {
  const { t, lang } = useI18n();
  const reasonLabel = useReasonLabel();
  const [item, setItem] = useState<QueueItem | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [actionError, setActionError] = useState<unknown>(null);
  const [status, setStatus] = useState('');
  const [busy, setBusy] = useState(false);
  const [decisions, setDecisions] = useState<DecisionView[]>([]);
  // The decision form.
  const [kind, setKind] = useState<OfferedDecision>('hide');
  const [reasonCode, setReasonCode] = useState<string | null>(null);
  const [rule, setRule] = useState('');
  const [statement, setStatement] = useState('');
  const [draftKey, setDraftKey] = useState(newIdempotencyKey);
  const [confirming, setConfirming] = useState(false);

  const load = useCallback(() => {
    setLoadError(null);
    call<QueueItem>('GET', moderationPath.case(contentType, contentId))
      .then((answer) => {
        setItem(answer);
        setReasonCode((current) => current ?? reasonsByCount(answer.reasons)[0]?.[0] ?? null);
      })
      .catch(setLoadError);
  }, [contentType, contentId]);
  useEffect(load, [load]);

  async function act(action: 'claim' | 'release') {
    setBusy(true);
    setActionError(null);
    setStatus('');
    try {
      setItem(await call<QueueItem>('POST', moderationPath.case(contentType, contentId, `/${action}`)));
      setStatus(action === 'claim' ? t('modClaimed') : t('modReleased'));
    } catch (e) {
      setActionError(e);
    } finally {
      setBusy(false);
    }
  }

  async function decide() {
    setConfirming(false);
    setBusy(true);
    setActionError(null);
    setStatus('');
    try {
      const decision = await call<DecisionView>('POST', moderationPath.case(contentType, contentId, '/decisions'), {
        idempotencyKey: draftKey,
        body: { kind, reasonCode, rule: rule.trim(), statement: statement.trim() },
      });
      setDecisions((known) => (known.some((d) => d.decisionId === decision.decisionId) ? known : [decision, ...known]));
      setStatus(t('modDecided', { kind: t(`modDecision_${decision.kind}` as MessageKey) }));
      setDraftKey(newIdempotencyKey());
      load();
    } catch (e) {
      setActionError(e);
    } finally {
      setBusy(false);
    }
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (kind === 'remove') setConfirming(true);
    else void decide();
  }
  const edit = <T,>(set: (v: T) => void) => (value: T) => {
    set(value);
    setDraftKey(newIdempotencyKey());
  };

  if (loadError) return <ProblemMessage error={loadError} onRetry={loadError instanceof Problem && loadError.status === 404 ? undefined : load} />;
  if (!item) return <p role="status">{t('loading')}</p>;

  const fieldProblem = actionError instanceof Problem ? actionError : null;
  const messages = (fields: readonly string[]) => fieldProblem?.messagesFor(fields) ?? [];
  const onlyFieldProblems = fieldProblem !== null && fieldProblem.errors.length > 0 && fieldProblem.errors.every((e) => OWN_FIELDS.includes(e.field));
  const mine = item.assignee === me.id;

  return (
    <section aria-labelledby="mod-case-title">
      <p>
        <Link href="/moderation">{t('modBackToQueue')}</Link>
      </p>
      <h1 id="mod-case-title">{t('modCaseTitle', { kind: t(`modContent_${item.contentType}` as MessageKey) })}</h1>
      <div className="card">
        <p className="meta">
          <PersonName id={item.authorId} me={me} />
        </p>
        <ContentPreview item={item} full />
        <dl className="mod-facts">
          <dt>{t('modStatus')}</dt>
          <dd>{t(`modStatus_${item.status}` as MessageKey)}</dd>
          <dt>{t('modContentState')}</dt>
          <dd>{t(`modContentState_${item.contentState}` as MessageKey)}</dd>
          <dt>{t('modReasons')}</dt>
          <dd>
            {t('modReportCount', { n: item.reportCount })}
            <ul className="mod-reasons">
              {reasonsByCount(item.reasons).map(([code, n]) => (
                <li key={code}>{t('modReasonCount', { reason: reasonLabel(code), n })}</li>
              ))}
            </ul>
          </dd>
        </dl>
        <p className="meta">
          {item.assignee ? (
            <>
              {t('modClaimedBy')} <PersonName id={item.assignee} me={me} />
            </>
          ) : (
            t('modUnclaimed')
          )}
        </p>
        <div className="mod-actions">
          {!mine && (
            <Button className="button primary" isDisabled={busy} onPress={() => void act('claim')}>
              {t('modClaim')}
            </Button>
          )}
          {item.assignee && (
            <Button className="button secondary" isDisabled={busy} onPress={() => void act('release')}>
              {t('modRelease')}
            </Button>
          )}
        </div>
      </div>

      <section aria-labelledby="mod-decide-title" className="card">
        <h2 id="mod-decide-title">{t('modDecideTitle')}</h2>
        <Form onSubmit={submit} validationBehavior="aria">
          <Select selectedKey={kind} onSelectionChange={(key) => key !== null && edit(setKind)(String(key) as OfferedDecision)} isInvalid={messages(FIELDS.kind).length > 0} className="field">
            <Label>{t('modDecision')}</Label>
            <Button className="select">
              <SelectValue />
              <span aria-hidden="true">▾</span>
            </Button>
            <FieldError>{messages(FIELDS.kind).join(' ')}</FieldError>
            <Popover>
              <ListBox className="listbox">
                {OFFERED_DECISIONS.map((d) => (
                  <ListBoxItem key={d} id={d} className="option">
                    {t(`modDecision_${d}` as MessageKey)}
                  </ListBoxItem>
                ))}
              </ListBox>
            </Popover>
          </Select>
          <Select selectedKey={reasonCode} onSelectionChange={(key) => key !== null && edit(setReasonCode)(String(key))} isRequired isInvalid={messages(FIELDS.reasonCode).length > 0} className="field">
            <Label>{t('modDecisionReason')}</Label>
            <Button className="select">
              <SelectValue />
              <span aria-hidden="true">▾</span>
            </Button>
            <FieldError>{messages(FIELDS.reasonCode).join(' ')}</FieldError>
            <Popover>
              <ListBox className="listbox">
                {MODERATION_REASONS.map((r) => (
                  <ListBoxItem key={r} id={r} className="option">
                    {reasonLabel(r)}
                  </ListBoxItem>
                ))}
              </ListBox>
            </Popover>
          </Select>
          <TextField value={rule} onChange={edit(setRule)} isRequired maxLength={RULE_MAX} isInvalid={messages(FIELDS.rule).length > 0} className="field">
            <Label>{t('modRule')}</Label>
            <Input />
            <Text slot="description">{t('modRuleDescription')}</Text>
            <FieldError>{messages(FIELDS.rule).join(' ')}</FieldError>
          </TextField>
          <TextField value={statement} onChange={edit(setStatement)} isRequired maxLength={STATEMENT_MAX} isInvalid={messages(FIELDS.statement).length > 0} className="field">
            <Label>{t('modStatement')}</Label>
            <TextArea rows={3} />
            <Text slot="description">{t('modStatementDescription')}</Text>
            <FieldError>{messages(FIELDS.statement).join(' ')}</FieldError>
          </TextField>
          {actionError !== null && !onlyFieldProblems && <ProblemMessage error={actionError} />}
          <Button type="submit" className="button primary" isDisabled={busy || reasonCode === null || !rule.trim() || !statement.trim()}>
            {busy ? t('modDeciding') : t('modDecide')}
          </Button>
        </Form>
      </section>
      <p role="status" className="meta">
        {status}
      </p>

      <section aria-labelledby="mod-history-title" className="card">
        <h2 id="mod-history-title">{t('modHistory')}</h2>
        <ol className="mod-history">
          <li>
            {t('modHistoryReported')}: <time dateTime={item.firstReportedAt}>{formatDate(item.firstReportedAt, lang)}</time> ({t('modReportCount', { n: item.reportCount })})
          </li>
          <li>
            {t('modHistoryDue')}: <time dateTime={item.dueAt}>{formatDate(item.dueAt, lang)}</time>
            {item.overdue && <span className="mod-overdue"> · {t('modOverdue')}</span>}
          </li>
          {[...decisions].reverse().map((d) => (
            <li key={d.decisionId}>
              {t('modHistoryDecided', { kind: t(`modDecision_${d.kind}` as MessageKey), date: formatDate(d.decidedAt, lang) })}: {d.statement}
            </li>
          ))}
        </ol>
        <p className="meta">{t('modHistoryNote')}</p>
      </section>

      <ModalOverlay isOpen={confirming} isDismissable onOpenChange={setConfirming} className="mod-overlay">
        <Modal className="mod-modal">
          <Dialog role="alertdialog" className="mod-dialog">
            <Heading slot="title">{t('modConfirmRemoveTitle')}</Heading>
            <p>{t('modConfirmRemoveText')}</p>
            <div className="mod-actions">
              <Button className="button primary" onPress={() => void decide()}>
                {t('modConfirmRemove')}
              </Button>
              <Button className="button secondary" onPress={() => setConfirming(false)} autoFocus>
                {t('modReportCancel')}
              </Button>
            </div>
          </Dialog>
        </Modal>
      </ModalOverlay>
    </section>
  );
}
