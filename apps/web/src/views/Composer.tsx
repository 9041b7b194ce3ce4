import { useEffect, useState, type FormEvent } from 'react';
import { Button, FieldError, Form, Input, Label, ListBox, ListBoxItem, Popover, Radio, RadioGroup, Select, SelectValue, Text, TextArea, TextField } from 'react-aria-components';
import { call, CTA_KINDS, newIdempotencyKey, POST_KINDS, Problem, type CtaKind, type Post, type PostKind } from '../api';
import { useI18n, type MessageKey } from '../i18n';
import { ProblemMessage } from './ProblemMessage';

type Etiquette = { nl: string; en: string } | null;

/**
 * The request fields the composer shows, by the names problems use for them (request validation
 * and compose-time rules say `body.body`, the domain's rules `body`); a violation of any other
 * field is shown above the button.
 */
const TITLE_FIELDS = ['body.title', 'title'];
const BODY_FIELDS = ['body.body', 'body'];
const OWN_FIELDS = [...TITLE_FIELDS, ...BODY_FIELDS];

/**
 * The composer: kind, call to action, audience, title and message. A blocked post (moderation's
 * compose-time rules, 400 FEED.BLOCKED_BY_RULE) or invalid input shows the problem's message next
 * to the field it names. One Idempotency-Key per draft, so a retried publish posts once.
 */
/** A fixed audience: the composer then posts to that group only (shown, not choosable). */
export interface GroupAudience {
  readonly kind: 'group';
  readonly groupId: string;
  readonly name: string;
}

export function Composer({ onPublished, audience: fixedAudience }: { onPublished(post: Post): void; audience?: GroupAudience }) {
  const { t, lang } = useI18n();
  const [kind, setKind] = useState<PostKind>('update');
  const [cta, setCta] = useState<CtaKind>('fyi');
  const [audience, setAudience] = useState<'organisation' | 'followers'>('organisation');
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<unknown>(null);
  const [done, setDone] = useState(false);
  const [draftKey, setDraftKey] = useState(newIdempotencyKey);
  const [etiquette, setEtiquette] = useState<Etiquette>(null);

  useEffect(() => {
    const controller = new AbortController();
    call<{ etiquette: Etiquette }>('GET', '/api/moderation/v1/moderation/etiquette', { signal: controller.signal })
      .then((answer) => setEtiquette(answer.etiquette))
      // No etiquette (or moderation unreachable): the composer works without the hint.
      .catch(() => undefined);
    return () => controller.abort();
  }, []);

  const ctaKind: CtaKind = kind === 'question' ? 'answer' : cta === 'answer' ? 'fyi' : cta;
  const fieldProblem = problem instanceof Problem ? problem : null;
  const messages = (fields: readonly string[]) => fieldProblem?.messagesFor(fields) ?? [];

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
          callToAction: { kind: ctaKind },
          audience: fixedAudience ? { kind: 'group', groupId: fixedAudience.groupId } : { kind: audience },
          ...(title.trim() ? { title } : {}), body },
      });
      onPublished(post);
      setTitle('');
      setBody('');
      setDraftKey(newIdempotencyKey());
      setDone(true);
    } catch (error) {
      setProblem(error);
    } finally {
      setBusy(false);
    }
  }

  // Any edit makes a new draft: the key then names the new content.
  const edit = (set: (v: string) => void) => (value: string) => {
    set(value);
    setDraftKey(newIdempotencyKey());
    setDone(false);
  };

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
          <Select selectedKey={kind} onSelectionChange={(key) => key !== null && setKind(String(key) as PostKind)} className="field">
            <Label>{t('kind')}</Label>
            <Button className="select">
              <SelectValue />
              <span aria-hidden="true">▾</span>
            </Button>
            <Popover>
              <ListBox className="listbox">
                {POST_KINDS.map((k) => (
                  <ListBoxItem key={k} id={k} className="option">
                    {t(`kinds_${k}` as MessageKey)}
                  </ListBoxItem>
                ))}
              </ListBox>
            </Popover>
          </Select>
          <Select selectedKey={ctaKind} isDisabled={kind === 'question'} onSelectionChange={(key) => key !== null && setCta(String(key) as CtaKind)} className="field">
            <Label>{t('callToAction')}</Label>
            <Button className="select">
              <SelectValue />
              <span aria-hidden="true">▾</span>
            </Button>
            {kind === 'question' && <Text slot="description">{t('questionNeedsAnswer')}</Text>}
            <Popover>
              <ListBox className="listbox">
                {CTA_KINDS.filter((c) => kind === 'question' || c !== 'answer').map((c) => (
                  <ListBoxItem key={c} id={c} className="option">
                    {t(`cta_${c}` as MessageKey)}
                  </ListBoxItem>
                ))}
              </ListBox>
            </Popover>
          </Select>
        </div>
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
        <TextField value={title} onChange={edit(setTitle)} isInvalid={messages(TITLE_FIELDS).length > 0} className="field">
          <Label>{t('titleOptional')}</Label>
          <Input />
          <FieldError>{messages(TITLE_FIELDS).join(' ')}</FieldError>
        </TextField>
        <TextField value={body} onChange={edit(setBody)} isInvalid={messages(BODY_FIELDS).length > 0} className="field">
          <Label>{t('body')}</Label>
          <TextArea rows={4} />
          <FieldError>{messages(BODY_FIELDS).join(' ')}</FieldError>
        </TextField>
        {problem !== null && !(fieldProblem && fieldProblem.errors.length > 0 && fieldProblem.errors.every((e) => OWN_FIELDS.includes(e.field))) && <ProblemMessage error={problem} />}
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
