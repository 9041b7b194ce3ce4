import { useState } from 'react';
import { Button, FieldError, Input, Label, Text, TextArea, TextField, ToggleButton } from 'react-aria-components';
import { call, feedPath, Problem, type Me } from '../../api';
import { useI18n } from '../../i18n';
import { useDisplayName } from '../../names';
import { ProblemMessage } from '../../views/ProblemMessage';
import { RSVP_ANSWERS, type AgendaItem, type JamSummary, type RsvpAnswer } from './api';
import { attendanceOf, moment, rsvpOpen } from './logic';

export function Loading() {
  const { t } = useI18n();
  return <p role="status">{t('loading')}</p>;
}

/** "Jij/You", else the person's display name once known ("Een collega/A colleague" until then). */
export function PersonName({ userId, me }: { userId: string; me: Me }) {
  const { t } = useI18n();
  const name = useDisplayName(userId);
  if (userId === me.id) return <span>{t('you')}</span>;
  return <span>{name ?? t('someone')}</span>;
}

/** How many go and how many places are left (events with a capacity), as one line. */
export function AttendanceLine({ item }: { item: AgendaItem }) {
  const { t } = useI18n();
  const a = attendanceOf(item);
  if (item.details.kind !== 'event') return null;
  return (
    <p className="meta">
      {a.capacity === null ? (a.going === 1 ? t('ev_going_one') : t('ev_going', { n: a.going })) : t('ev_goingOf', { n: a.going, capacity: a.capacity })}
      {a.placesLeft !== null && (a.placesLeft > 0 ? ` · ${t('ev_placesLeft', { n: a.placesLeft })}` : ` · ${t('ev_full')}`)}
    </p>
  );
}

/**
 * Going / maybe / not going as three toggle buttons (one pressed: the reader's answer), in a group
 * named after the event. A yes on a full event is disabled; the feed's answer replaces the item.
 */
export function RsvpControl({ item, onChange }: { item: AgendaItem; onChange(item: AgendaItem): void }) {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  if (item.details.kind !== 'event') return null;
  if (!rsvpOpen(item, new Date())) return <p className="meta">{t('ev_rsvpClosed')}</p>;
  const full = attendanceOf(item).full;

  async function answer(value: RsvpAnswer) {
    if (value === item.you.rsvp) return;
    setBusy(true);
    setProblem(null);
    setSaved(false);
    try {
      onChange(await call<AgendaItem>('PUT', feedPath(`/v1/agenda/${encodeURIComponent(item.agendaItemId)}/rsvp`), { body: { answer: value } }));
      setSaved(true);
    } catch (error) {
      setProblem(error);
    } finally {
      setBusy(false);
    }
  }

  const hintId = `rsvp-full-${item.agendaItemId}`;
  return (
    <div className="ev-rsvp">
      <div role="group" aria-label={t('ev_rsvpGroup', { title: item.details.title })} className="ev-buttons" {...(full ? { 'aria-describedby': hintId } : {})}>
        {RSVP_ANSWERS.map((value) => (
          <ToggleButton
            key={value}
            className="button reaction"
            isSelected={item.you.rsvp === value}
            isDisabled={busy || (value === 'yes' && full)}
            onChange={() => void answer(value)}
          >
            {t(`ev_rsvp_${value}`)}
          </ToggleButton>
        ))}
      </div>
      {full && (
        <p id={hintId} className="meta">
          {t('ev_fullHint')}
        </p>
      )}
      <p role="status" className="meta">
        {saved ? t('ev_rsvpSaved') : ''}
      </p>
      {problem !== null && <ProblemMessage error={problem} />}
    </div>
  );
}

/** Where a jam stands: opens on / open until / closed since / concluded / cancelled. */
export function PhaseLine({ jam }: { jam: JamSummary }) {
  const { t, lang } = useI18n();
  const text =
    jam.phase === 'upcoming'
      ? t('ev_phase_upcoming', { date: moment(jam.opensAt, lang) })
      : jam.phase === 'open'
        ? t('ev_phase_open', { date: moment(jam.closesAt, lang) })
        : jam.phase === 'closed'
          ? t('ev_phase_closed', { date: moment(jam.closesAt, lang) })
          : t(`ev_phase_${jam.phase}`);
  return <p className={`ev-phase ev-phase-${jam.phase}`}>{text}</p>;
}

/** A text field whose problem messages come from a problem+json answer by the field's names. */
export function ProblemField({
  label,
  value,
  onChange,
  fields,
  problem,
  multiline,
  type,
  isRequired,
  description,
}: {
  label: string;
  value: string;
  onChange(value: string): void;
  fields: readonly string[];
  problem: unknown;
  multiline?: boolean;
  type?: 'text' | 'url' | 'datetime-local' | 'number';
  isRequired?: boolean;
  description?: string;
}) {
  const messages = problem instanceof Problem ? problem.messagesFor(fields) : [];
  return (
    <TextField value={value} onChange={onChange} isInvalid={messages.length > 0} isRequired={isRequired ?? false} className="field" {...(type && type !== 'number' ? { type } : {})}>
      <Label>{label}</Label>
      {multiline ? <TextArea rows={4} /> : <Input {...(type === 'number' ? { inputMode: 'numeric' as const } : {})} />}
      {description && <Text slot="description">{description}</Text>}
      <FieldError>{messages.join(' ')}</FieldError>
    </TextField>
  );
}

/** A problem that names none of the form's own fields (those are shown at the field). */
export function FormProblem({ problem, own }: { problem: unknown; own: readonly string[] }) {
  if (problem === null) return null;
  if (problem instanceof Problem && problem.errors.length > 0 && problem.errors.every((e) => own.includes(e.field))) return null;
  return <ProblemMessage error={problem} />;
}

/** A button for something that cannot be undone: the first press asks, the second does it. */
export function ConfirmButton({ label, onConfirm }: { label: string; onConfirm(): void }) {
  const { t } = useI18n();
  const [asking, setAsking] = useState(false);
  if (!asking)
    return (
      <Button className="button secondary" onPress={() => setAsking(true)}>
        {label}
      </Button>
    );
  return (
    <div role="group" aria-label={label} className="ev-buttons">
      <span>{t('ev_confirmQuestion')}</span>
      <Button
        className="button primary"
        onPress={() => {
          setAsking(false);
          onConfirm();
        }}
      >
        {t('ev_confirmYes')}
      </Button>
      <Button className="button secondary" onPress={() => setAsking(false)}>
        {t('ev_confirmNo')}
      </Button>
    </div>
  );
}
