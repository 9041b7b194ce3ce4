import { useEffect, useState, type FormEvent } from 'react';
import { Button, Checkbox, FieldError, Form, Input, Label, Link, Text, TextField } from 'react-aria-components';
import { call, newIdempotencyKey, Problem } from '../../api';
import { useI18n, type MessageKey } from '../../i18n';
import { ProblemMessage } from '../../views/ProblemMessage';
import { CHANNELS, NOTIFICATION_TYPES, notificationsPath, type PreferencesAnswer } from './api';
import { currentPushState, disablePush, enablePush, pushSupported, type PushState } from './push';
import { browserTimeZone, choicesOf, draftOf, toggled, type SettingsDraft } from './settings';

const QUIET_START = ['body.quietHours.start', 'body.quietHours'];
const QUIET_END = ['body.quietHours.end'];
const TIME_ZONE = ['body.timeZone'];
const OWN_FIELDS = [...QUIET_START, ...QUIET_END, ...TIME_ZONE];

/**
 * `/settings/notifications`: per type and channel (in Plein, push, e-mail right away, e-mail in the
 * digest), quiet hours with the time zone, the muted posts and groups, and push on this device.
 */
export default function SettingsPage() {
  const { t } = useI18n();
  const [answer, setAnswer] = useState<PreferencesAnswer | null>(null);
  const [draft, setDraft] = useState<SettingsDraft | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [problem, setProblem] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState('');
  const [draftKey, setDraftKey] = useState(newIdempotencyKey);

  const load = () => {
    setLoadError(null);
    call<PreferencesAnswer>('GET', notificationsPath.preferences)
      .then((a) => {
        setAnswer(a);
        setDraft(draftOf(a, browserTimeZone()));
      })
      .catch(setLoadError);
  };
  useEffect(load, []);

  const edit = (next: SettingsDraft) => {
    setDraft(next);
    setDraftKey(newIdempotencyKey());
    setSaved('');
  };

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!answer || !draft) return;
    setBusy(true);
    setProblem(null);
    setSaved('');
    try {
      const next = await call<PreferencesAnswer>('PUT', notificationsPath.preferences, { idempotencyKey: draftKey, body: choicesOf(answer.choices, draft) });
      setAnswer(next);
      setDraft(draftOf(next, draft.timeZone));
      setDraftKey(newIdempotencyKey());
      setSaved(t('notifSaved'));
    } catch (error) {
      setProblem(error);
    } finally {
      setBusy(false);
    }
  }

  const unmute = async (kind: 'post' | 'group', id: string) => {
    setProblem(null);
    try {
      const next = await call<PreferencesAnswer>('DELETE', kind === 'post' ? notificationsPath.mutePost(id) : notificationsPath.muteGroup(id), { idempotencyKey: newIdempotencyKey() });
      setAnswer(next);
      setSaved(t('notifUnmuted'));
    } catch (error) {
      setProblem(error);
    }
  };

  const fieldProblem = problem instanceof Problem ? problem : null;
  const messages = (fields: readonly string[]) => fieldProblem?.messagesFor(fields) ?? [];
  const onlyOwnFields = fieldProblem !== null && fieldProblem.errors.length > 0 && fieldProblem.errors.every((e) => OWN_FIELDS.includes(e.field));

  return (
    <section aria-labelledby="settings-title" className="notif-settings">
      <h1 id="settings-title">{t('notifSettingsTitle')}</h1>
      <p>
        <Link href="/notifications">{t('notifBackToInbox')}</Link>
      </p>
      {loadError !== null && <ProblemMessage error={loadError} onRetry={load} />}
      {!answer && loadError === null && <p role="status">{t('loading')}</p>}
      {answer && draft && (
        <Form onSubmit={submit} validationBehavior="aria">
          <fieldset className="card">
            <legend>{t('notifChannelsTitle')}</legend>
            <p className="meta">{t('notifChannelsHelp')}</p>
            {NOTIFICATION_TYPES.map((type) => (
              <fieldset key={type} className="notif-type">
                <legend>{t(`notifType_${type}` as MessageKey)}</legend>
                <div className="notif-channels">
                  {CHANNELS.map((channel) => (
                    <Checkbox key={channel} className="check" isSelected={draft.table[type][channel]} onChange={(on) => edit(toggled(draft, type, channel, on))}>
                      <span className="check-box" aria-hidden="true" />
                      {t(`notifChannel_${channel}` as MessageKey)}
                    </Checkbox>
                  ))}
                </div>
              </fieldset>
            ))}
          </fieldset>
          <fieldset className="card">
            <legend>{t('notifQuietTitle')}</legend>
            <p className="meta">{t('notifQuietHelp')}</p>
            <Checkbox className="check" isSelected={draft.quiet} onChange={(on) => edit({ ...draft, quiet: on })}>
              <span className="check-box" aria-hidden="true" />
              {t('notifQuietOn')}
            </Checkbox>
            <div className="row">
              <TextField value={draft.quietStart} isDisabled={!draft.quiet} onChange={(v) => edit({ ...draft, quietStart: v })} isInvalid={messages(QUIET_START).length > 0} className="field">
                <Label>{t('notifQuietStart')}</Label>
                <Input inputMode="numeric" />
                <FieldError>{messages(QUIET_START).join(' ')}</FieldError>
              </TextField>
              <TextField value={draft.quietEnd} isDisabled={!draft.quiet} onChange={(v) => edit({ ...draft, quietEnd: v })} isInvalid={messages(QUIET_END).length > 0} className="field">
                <Label>{t('notifQuietEnd')}</Label>
                <Input inputMode="numeric" />
                <FieldError>{messages(QUIET_END).join(' ')}</FieldError>
              </TextField>
            </div>
            <TextField value={draft.timeZone} onChange={(v) => edit({ ...draft, timeZone: v })} isInvalid={messages(TIME_ZONE).length > 0} className="field">
              <Label>{t('notifTimeZone')}</Label>
              <Input />
              <Text slot="description">{t('notifTimeZoneHelp')}</Text>
              <FieldError>{messages(TIME_ZONE).join(' ')}</FieldError>
            </TextField>
          </fieldset>
          {problem !== null && !onlyOwnFields && <ProblemMessage error={problem} />}
          <Button type="submit" className="button primary" isDisabled={busy}>
            {busy ? t('notifSaving') : t('notifSave')}
          </Button>
          <p role="status" className="meta">
            {saved}
          </p>
        </Form>
      )}
      {answer && <Mutes answer={answer} onUnmute={unmute} />}
      <PushSection />
    </section>
  );
}

function Mutes({ answer, onUnmute }: { answer: PreferencesAnswer; onUnmute: (kind: 'post' | 'group', id: string) => Promise<void> }) {
  const { t } = useI18n();
  const muted = [...answer.choices.mutedPosts.map((id) => ({ kind: 'post' as const, id })), ...answer.choices.mutedGroups.map((id) => ({ kind: 'group' as const, id }))];
  return (
    <section aria-labelledby="mutes-title" className="card">
      <h2 id="mutes-title">{t('notifMutesTitle')}</h2>
      {muted.length === 0 ? (
        <p>{t('notifMutesEmpty')}</p>
      ) : (
        <ul className="mutes">
          {muted.map((m) => (
            <li key={`${m.kind}:${m.id}`}>
              <Link href={m.kind === 'post' ? `/posts/${encodeURIComponent(m.id)}` : `/groups/${encodeURIComponent(m.id)}`}>
                {t(m.kind === 'post' ? 'notifMutedPost' : 'notifMutedGroup')} {m.id.slice(0, 8)}
              </Link>
              <Button className="button secondary" onPress={() => void onUnmute(m.kind, m.id)}>
                {t('notifUnmute')}
              </Button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

const PUSH_MESSAGES: Record<PushState, MessageKey> = {
  unsupported: 'notifPushUnsupported',
  off: 'notifPushOff',
  on: 'notifPushOn',
  denied: 'notifPushDenied',
  'no-service': 'notifPushNoService',
};

function PushSection() {
  const { t } = useI18n();
  const [state, setState] = useState<PushState | null>(() => (pushSupported() ? null : 'unsupported'));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    if (!pushSupported()) return;
    currentPushState().then(setState, () => setState('off'));
  }, []);

  const run = async (action: () => Promise<PushState>) => {
    setBusy(true);
    setError(null);
    try {
      setState(await action());
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="push-title" className="card">
      <h2 id="push-title">{t('notifPushTitle')}</h2>
      <p role="status" className={state === 'denied' || state === 'no-service' ? 'push-state warn' : 'push-state'}>
        {busy ? t('notifPushBusy') : state ? t(PUSH_MESSAGES[state]) : ''}
      </p>
      {state !== null && state !== 'unsupported' && state !== 'on' && (
        <Button className="button primary" isDisabled={busy} onPress={() => void run(enablePush)}>
          {t('notifPushEnable')}
        </Button>
      )}
      {state === 'on' && (
        <Button className="button secondary" isDisabled={busy} onPress={() => void run(disablePush)}>
          {t('notifPushDisable')}
        </Button>
      )}
      {error !== null && <ProblemMessage error={error} />}
    </section>
  );
}
