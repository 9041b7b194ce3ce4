import { useEffect, useState, type FormEvent } from 'react';
import { Button, Dialog, FieldError, Form, Heading, Label, ListBox, ListBoxItem, Modal, ModalOverlay, Popover, Select, SelectValue, Text, TextArea, TextField } from 'react-aria-components';
import { call, newIdempotencyKey, Problem } from '../../api';
import { useI18n } from '../../i18n';
import { ProblemMessage } from '../../views/ProblemMessage';
import { REPORT_TEXT_MAX, type ReportAnswer, type ReportReasons } from './api';
import { moderationPath } from './logic';
import { useReasonLabel } from './labels';
import type { ReportTarget } from './ReportPost';

const REASON_FIELDS = ['body.reason', 'reason'];
const TEXT_FIELDS = ['body.text', 'text'];

/** The report dialog: a reason from the installation's list, an optional text, one Idempotency-Key per draft. */
export default function ReportDialog({ target, onClose }: { target: ReportTarget; onClose(): void }) {
  const { t } = useI18n();
  const reasonLabel = useReasonLabel();
  const [reasons, setReasons] = useState<ReportReasons['reasons'] | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [reason, setReason] = useState<string | null>(null);
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<unknown>(null);
  const [outcome, setOutcome] = useState<'sent' | 'already' | null>(null);
  const [draftKey, setDraftKey] = useState(newIdempotencyKey);

  useEffect(() => {
    const controller = new AbortController();
    call<ReportReasons>('GET', moderationPath.reasons, { signal: controller.signal })
      .then((answer) => setReasons(answer.reasons))
      .catch((error: unknown) => !controller.signal.aborted && setLoadError(error));
    return () => controller.abort();
  }, []);

  const fieldProblem = problem instanceof Problem ? problem : null;
  const messages = (fields: readonly string[]) => fieldProblem?.messagesFor(fields) ?? [];
  const textRequired = reasons?.find((r) => r.code === reason)?.textRequired ?? false;

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setBusy(true);
    setProblem(null);
    try {
      const answer = await call<ReportAnswer>('POST', moderationPath.reports, {
        idempotencyKey: draftKey,
        body: { contentType: target.kind, contentId: target.id, reason, ...(text.trim() ? { text: text.trim() } : {}) },
      });
      setOutcome(answer.counted ? 'sent' : 'already');
    } catch (error) {
      setProblem(error);
    } finally {
      setBusy(false);
    }
  }
  const edit = <T,>(set: (v: T) => void) => (value: T) => {
    set(value);
    setDraftKey(newIdempotencyKey());
  };

  return (
    <ModalOverlay isOpen isDismissable onOpenChange={(open) => !open && onClose()} className="mod-overlay">
      <Modal className="mod-modal">
        <Dialog className="mod-dialog">
          <Heading slot="title">{t('modReportTitle')}</Heading>
          {outcome ? (
            <>
              <p role="status">{outcome === 'sent' ? t('modReportDone') : t('modReportAlready')}</p>
              <Button className="button primary" onPress={onClose} autoFocus>
                {t('modReportClose')}
              </Button>
            </>
          ) : (
            <>
              <p>{t('modReportIntro')}</p>
              {loadError !== null && <ProblemMessage error={loadError} />}
              {reasons === null && loadError === null && <p role="status">{t('modReportLoadingReasons')}</p>}
              {reasons !== null && (
                <Form onSubmit={submit} validationBehavior="aria">
                  <Select
                    selectedKey={reason}
                    onSelectionChange={(key) => key !== null && edit(setReason)(String(key))}
                    isRequired
                    isInvalid={messages(REASON_FIELDS).length > 0}
                    className="field"
                  >
                    <Label>{t('modReportReason')}</Label>
                    <Button className="select">
                      <SelectValue />
                      <span aria-hidden="true">▾</span>
                    </Button>
                    <FieldError>{messages(REASON_FIELDS).join(' ')}</FieldError>
                    <Popover>
                      <ListBox className="listbox">
                        {reasons.map((r) => (
                          <ListBoxItem key={r.code} id={r.code} className="option">
                            {reasonLabel(r.code)}
                          </ListBoxItem>
                        ))}
                      </ListBox>
                    </Popover>
                  </Select>
                  <TextField value={text} onChange={edit(setText)} maxLength={REPORT_TEXT_MAX} isRequired={textRequired} isInvalid={messages(TEXT_FIELDS).length > 0} className="field">
                    <Label>{textRequired ? t('modReportTextRequired') : t('modReportText')}</Label>
                    <TextArea rows={3} />
                    <Text slot="description" className="meta">
                      {text.length}/{REPORT_TEXT_MAX}
                    </Text>
                    <FieldError>{messages(TEXT_FIELDS).join(' ')}</FieldError>
                  </TextField>
                  {problem !== null && !(fieldProblem && fieldProblem.errors.length > 0 && fieldProblem.errors.every((e) => [...REASON_FIELDS, ...TEXT_FIELDS].includes(e.field))) && (
                    <ProblemMessage error={problem} />
                  )}
                  <div className="mod-actions">
                    <Button type="submit" className="button primary" isDisabled={busy || reason === null || (textRequired && !text.trim())}>
                      {busy ? t('modReportSending') : t('modReportSend')}
                    </Button>
                    <Button className="button secondary" onPress={onClose}>
                      {t('modReportCancel')}
                    </Button>
                  </div>
                </Form>
              )}
            </>
          )}
        </Dialog>
      </Modal>
    </ModalOverlay>
  );
}
