import { useEffect, useState, type FormEvent } from 'react';
import { Button, FieldError, Form, Input, Label, Radio, RadioGroup, Text, TextField } from 'react-aria-components';
import { call, newIdempotencyKey, POST_KINDS, Problem, type Post, type PostKind } from '../api';
import { useI18n, type MessageKey } from '../i18n';
import { COMPOSER_CTA_KINDS, POLL_OPTIONS_MAX, POLL_OPTIONS_MIN, type ComposerCtaKind } from '../post/api';
import { callToActionOf } from '../post/compose';
import { useRuleCheck, type RuleWarning } from '../post/rule-check';
import { SuggestTextArea } from '../post/SuggestTextArea';
import { ProblemMessage } from './ProblemMessage';
import { SelectField } from './SelectField';

type Etiquette = { nl: string; en: string } | null;

/**
 * The request fields the composer shows, by the names problems use for them (request validation
 * and compose-time rules say `body.body`, the domain's rules `body`); a violation of any other
 * field is shown above the button.
 */
const TITLE_FIELDS = ['body.title', 'title'];
const BODY_FIELDS = ['body.body', 'body'];
const ctaFields = (name: string) => [`body.callToAction.${name}`, `callToAction.${name}`];
const OPTIONS_FIELDS = ctaFields('options');
const MAX_CHOICES_FIELDS = ctaFields('maxChoices');
const CLOSES_AT_FIELDS = ctaFields('closesAt');
const DUE_AT_FIELDS = ctaFields('dueAt');
const DEADLINE_FIELDS = ctaFields('deadline');
const CAPACITY_FIELDS = ctaFields('capacity');
const CTA_FIELDS = [...OPTIONS_FIELDS, ...MAX_CHOICES_FIELDS, ...CLOSES_AT_FIELDS, ...DUE_AT_FIELDS, ...DEADLINE_FIELDS, ...CAPACITY_FIELDS];
/** A call-to-action field's messages: the field itself or one of its parts (`body.callToAction.options.2`). */
const isPartOf = (field: string, fields: readonly string[]) => fields.some((f) => field === f || field.startsWith(`${f}.`));
/** Shown at a field of the composer (not above the button). */
const isShownAtField = (field: string) => TITLE_FIELDS.includes(field) || BODY_FIELDS.includes(field) || isPartOf(field, CTA_FIELDS);

/** A fixed audience: the composer then posts to that group only (shown, not choosable). */
export interface GroupAudience {
  readonly kind: 'group';
  readonly groupId: string;
  readonly name: string;
}

/**
 * The composer: kind, call to action (with a poll's options, deadlines and capacity), audience,
 * title and message. While writing, `@` and `#` suggest colleagues and hashtags, and moderation's
 * compose-time rules are checked (a rule that would block shows its message at the field). A
 * blocked post (400 FEED.BLOCKED_BY_RULE) or invalid input shows the problem's message next to the
 * field it names. One Idempotency-Key per draft, so a retried publish posts once.
 */
export function Composer({ onPublished, audience: fixedAudience }: { onPublished(post: Post): void; audience?: GroupAudience }) {
  const { t, lang } = useI18n();
  const [kind, setKind] = useState<PostKind>('update');
  const [cta, setCta] = useState<ComposerCtaKind>('fyi');
  const [audience, setAudience] = useState<'organisation' | 'followers'>('organisation');
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');
  const [options, setOptions] = useState<string[]>(['', '']);
  const [maxChoices, setMaxChoices] = useState('1');
  const [closesAt, setClosesAt] = useState('');
  const [dueAt, setDueAt] = useState('');
  const [deadline, setDeadline] = useState('');
  const [capacity, setCapacity] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<unknown>(null);
  const [done, setDone] = useState(false);
  const [draftKey, setDraftKey] = useState(newIdempotencyKey);
  const [etiquette, setEtiquette] = useState<Etiquette>(null);
  const rules = useRuleCheck({ title, body, groupId: fixedAudience?.groupId });

  useEffect(() => {
    const controller = new AbortController();
    call<{ etiquette: Etiquette }>('GET', '/api/moderation/v1/moderation/etiquette', { signal: controller.signal })
      .then((answer) => setEtiquette(answer.etiquette))
      // No etiquette (or moderation unreachable): the composer works without the hint.
      .catch(() => undefined);
    return () => controller.abort();
  }, []);

  const ctaKind: ComposerCtaKind = kind === 'question' ? 'answer' : cta === 'answer' ? 'fyi' : cta;
  const fieldProblem = problem instanceof Problem ? problem : null;
  /** Messages for exactly these fields, or (parts) for them and their parts. */
  const messages = (fields: readonly string[], parts = true) => fieldProblem?.errors.filter((e) => (parts ? isPartOf(e.field, fields) : fields.includes(e.field))).map((e) => e.message) ?? [];
  /** A field's problems, then the rule check's warnings the problem does not already say (the feed's refusal names the same rule). */
  const withRules = (said: string[], on: RuleWarning['field']) => [
    ...said,
    ...rules.filter((r) => r.field === on && !said.some((m) => m.includes(r.message))).map((r) => t('ruleWouldBlock', { message: r.message })),
  ];
  const titleMessages = withRules(messages(TITLE_FIELDS, false), 'title');
  const bodyMessages = withRules(messages(BODY_FIELDS, false), 'body');

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setBusy(true);
    setProblem(null);
    setDone(false);
    try {
      const post = await call<Post>('POST', '/api/feed/v1/posts', {
        idempotencyKey: draftKey,
        body: {
          kind,
          callToAction: callToActionOf(ctaKind, { options, maxChoices, closesAt, dueAt, deadline, capacity }),
          audience: fixedAudience ? { kind: 'group', groupId: fixedAudience.groupId } : { kind: audience },
          ...(title.trim() ? { title } : {}),
          body,
        },
      });
      onPublished(post);
      setTitle('');
      setBody('');
      setOptions(['', '']);
      setMaxChoices('1');
      setClosesAt('');
      setDueAt('');
      setDeadline('');
      setCapacity('');
      setDraftKey(newIdempotencyKey());
      setDone(true);
    } catch (error) {
      setProblem(error);
    } finally {
      setBusy(false);
    }
  }

  // Any edit makes a new draft: the key then names the new content.
  const touched = () => {
    setDraftKey(newIdempotencyKey());
    setDone(false);
  };
  const edit = (set: (v: string) => void) => (value: string) => {
    set(value);
    touched();
  };
  const setOption = (k: number, value: string) => {
    setOptions((prev) => prev.map((o, j) => (j === k ? value : o)));
    touched();
  };

  const dateField = (label: MessageKey, value: string, set: (v: string) => void, fields: readonly string[]) => (
    <TextField value={value} onChange={edit(set)} isInvalid={messages(fields).length > 0} className="field">
      <Label>{t(label)}</Label>
      <Input type="datetime-local" />
      <Text slot="description">{t('dateHint')}</Text>
      <FieldError>{messages(fields).join(' ')}</FieldError>
    </TextField>
  );

  return (
    <section aria-labelledby="composer-title" className="card composer">
      <h2 id="composer-title">{t('composerTitle')}</h2>
      {etiquette && (
        <p className="etiquette">
          <strong>{t('etiquette')}:</strong> {etiquette[lang]}
        </p>
      )}
      <Form onSubmit={submit} validationBehavior="aria">
        <div className="row">
          <SelectField label={t('kind')} options={POST_KINDS.map((k) => ({ id: k, label: t(`kinds_${k}` as MessageKey) }))} value={kind} onChange={setKind} />
          <SelectField
            label={t('callToAction')}
            options={COMPOSER_CTA_KINDS.filter((c) => kind === 'question' || c !== 'answer').map((c) => ({ id: c, label: t(`cta_${c}` as MessageKey) }))}
            value={ctaKind}
            onChange={setCta}
            isDisabled={kind === 'question'}
            {...(kind === 'question' ? { description: t('questionNeedsAnswer') } : {})}
          />
        </div>
        {ctaKind === 'vote' && (
          <fieldset className="poll-options">
            <legend>{t('pollOptions')}</legend>
            {options.map((option, k) => (
              <div key={k} className="option-row">
                <TextField value={option} onChange={(v) => setOption(k, v)} isInvalid={messages(OPTIONS_FIELDS.map((f) => `${f}.${k}`)).length > 0} className="field">
                  <Label>{t('pollOption', { n: k + 1 })}</Label>
                  <Input maxLength={200} />
                  <FieldError>{messages(OPTIONS_FIELDS.map((f) => `${f}.${k}`)).join(' ')}</FieldError>
                </TextField>
                {options.length > POLL_OPTIONS_MIN && (
                  <Button
                    className="button secondary"
                    aria-label={t('removeOption', { n: k + 1 })}
                    onPress={() => {
                      setOptions((prev) => prev.filter((_, j) => j !== k));
                      touched();
                    }}
                  >
                    ✕
                  </Button>
                )}
              </div>
            ))}
            {messages(OPTIONS_FIELDS, false).length > 0 && (
              <p className="rule-warning" role="alert">
                {messages(OPTIONS_FIELDS, false).join(' ')}
              </p>
            )}
            {options.length < POLL_OPTIONS_MAX && (
              <Button
                className="button secondary"
                onPress={() => {
                  setOptions((prev) => [...prev, '']);
                  touched();
                }}
              >
                {t('addOption')}
              </Button>
            )}
            <div className="row">
              <TextField value={maxChoices} onChange={edit(setMaxChoices)} isInvalid={messages(MAX_CHOICES_FIELDS).length > 0} className="field">
                <Label>{t('maxChoices')}</Label>
                <Input type="number" min={1} max={options.length} inputMode="numeric" />
                <FieldError>{messages(MAX_CHOICES_FIELDS).join(' ')}</FieldError>
              </TextField>
              {dateField('closesAt', closesAt, setClosesAt, CLOSES_AT_FIELDS)}
            </div>
          </fieldset>
        )}
        {ctaKind === 'acknowledge' && dateField('dueAtField', dueAt, setDueAt, DUE_AT_FIELDS)}
        {ctaKind === 'sign-up' && (
          <div className="row">
            <TextField value={capacity} onChange={edit(setCapacity)} isInvalid={messages(CAPACITY_FIELDS).length > 0} className="field">
              <Label>{t('capacityField')}</Label>
              <Input type="number" min={1} max={1_000_000} inputMode="numeric" />
              <FieldError>{messages(CAPACITY_FIELDS).join(' ')}</FieldError>
            </TextField>
            {dateField('deadlineField', deadline, setDeadline, DEADLINE_FIELDS)}
          </div>
        )}
        {fixedAudience ? (
          <p className="field meta" data-testid="composer-audience">
            <strong>{t('audience')}:</strong> {t('audience_group', { name: fixedAudience.name })}. {t('audienceFixed', { name: fixedAudience.name })}
          </p>
        ) : (
          <RadioGroup value={audience} onChange={(v) => setAudience(v as 'organisation' | 'followers')} className="field radios" orientation="horizontal">
            <Label>{t('audience')}</Label>
            <Radio value="organisation">{t('audience_organisation')}</Radio>
            <Radio value="followers">{t('audience_followers')}</Radio>
          </RadioGroup>
        )}
        <TextField value={title} onChange={edit(setTitle)} isInvalid={titleMessages.length > 0} className="field">
          <Label>{t('titleOptional')}</Label>
          <Input />
          <FieldError>{titleMessages.join(' ')}</FieldError>
        </TextField>
        <SuggestTextArea label={t('body')} value={body} onChange={edit(setBody)} errors={bodyMessages} />
        {problem !== null && !(fieldProblem && fieldProblem.errors.length > 0 && fieldProblem.errors.every((e) => isShownAtField(e.field))) && <ProblemMessage error={problem} />}
        <Button type="submit" className="button primary" isDisabled={busy}>
          {busy ? t('publishing') : t('publish')}
        </Button>
        <p role="status" className="meta">
          {done ? t('published') : ''}
        </p>
      </Form>
    </section>
  );
}
