import { useCallback, useEffect, useState } from 'react';
import { Button, Checkbox, CheckboxGroup, Label, Radio, RadioGroup, Text, TextArea, TextField } from 'react-aria-components';
import { call, feedPath, type Me } from '../api';
import { useI18n, type MessageKey } from '../i18n';
import { ProblemMessage } from '../views/ProblemMessage';
import { formatDate } from '../views/PostCard';
import { mayTriageEverywhere, nextIdeaStatuses, percent, type AcknowledgementList, type IdeaStatus, type PostDetail } from './api';
import { PersonLink } from './PersonLink';

const postUrl = (postId: string, rest = '') => feedPath(`/v1/posts/${encodeURIComponent(postId)}${rest}`);

/** Runs one action at a time, keeping its problem for display. */
function useAction(onDone: () => void) {
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<unknown>(null);
  const run = useCallback(
    async (action: () => Promise<unknown>) => {
      setBusy(true);
      setProblem(null);
      try {
        await action();
        onDone();
      } catch (e) {
        setProblem(e);
      } finally {
        setBusy(false);
      }
    },
    [onDone],
  );
  return { busy, problem, run };
}

/** The call to action on the post page: its progress and what the reader can do about it. */
export function CtaPanel({ post, me, onChanged }: { post: PostDetail; me: Me; onChanged(): void }) {
  const { t } = useI18n();
  const cta = post.callToAction;
  const showsIdea = post.kind === 'idea' && post.ideaStatus;
  if (cta.kind === 'fyi' && !showsIdea) return null;
  return (
    <section aria-labelledby="cta-title" className="cta">
      <h2 id="cta-title">{t('ctaTitle', { kind: t(`cta_${cta.kind}` as MessageKey) })}</h2>
      {!cta.open && <p className="meta">{t('ctaClosed')}</p>}
      {post.progress?.kind === 'answer' && (
        <p>
          {t('answersCount', { n: post.progress.answers })} · {post.progress.answered ? t('answered') : t('notAnswered')}
        </p>
      )}
      {post.progress?.kind === 'share-ideas' && <p>{t('contributions', { n: post.progress.contributions })}</p>}
      {cta.kind === 'sign-up' && <SignUp post={post} onChanged={onChanged} />}
      {cta.kind === 'vote' && <Poll post={post} onChanged={onChanged} />}
      {cta.kind === 'acknowledge' && <Acknowledge post={post} me={me} onChanged={onChanged} />}
      {showsIdea && <IdeaStatusPanel post={post} me={me} onChanged={onChanged} />}
    </section>
  );
}

function SignUp({ post, onChanged }: { post: PostDetail; onChanged(): void }) {
  const { t, lang } = useI18n();
  const { busy, problem, run } = useAction(onChanged);
  const cta = post.callToAction;
  const p = post.progress?.kind === 'sign-up' ? post.progress : null;
  if (cta.kind !== 'sign-up' || !p) return null;
  const registered = post.you.registered === true;
  const full = p.placesLeft === 0;
  return (
    <div>
      <p>{p.capacity === null ? t('signUpsCount', { n: p.registered }) : t('signUpsOfCapacity', { n: p.registered, capacity: p.capacity })}</p>
      {p.capacity !== null && (
        <div className="progress" aria-hidden="true">
          <span style={{ width: `${percent(p.registered, p.capacity)}%` }} />
        </div>
      )}
      {p.placesLeft !== null && p.placesLeft > 0 && <p className="meta">{t('placesLeft', { n: p.placesLeft })}</p>}
      {full && <p className="notice-info">{t('full')}</p>}
      {cta.deadline && <p className="meta">{t('signUpDeadline', { date: formatDate(cta.deadline, lang) })}</p>}
      {registered && <p>{t('youSignedUp')}</p>}
      {cta.open &&
        (registered ? (
          <Button className="button secondary" isDisabled={busy} onPress={() => void run(() => call('DELETE', postUrl(post.id, '/sign-up')))}>
            {t('withdrawAction')}
          </Button>
        ) : (
          <Button className="button primary" isDisabled={busy || full} onPress={() => void run(() => call('POST', postUrl(post.id, '/sign-up')))}>
            {t('signUpAction')}
          </Button>
        ))}
      {problem !== null && <ProblemMessage error={problem} />}
    </div>
  );
}

function Poll({ post, onChanged }: { post: PostDetail; onChanged(): void }) {
  const { t, lang } = useI18n();
  const { busy, problem, run } = useAction(onChanged);
  const cta = post.callToAction;
  const mine = post.you.vote ?? [];
  const [choice, setChoice] = useState<string[]>([...mine]);
  const mineKey = mine.join(',');
  useEffect(() => setChoice(mineKey ? mineKey.split(',') : []), [mineKey]);
  const p = post.progress?.kind === 'vote' ? post.progress : null;
  if (cta.kind !== 'vote' || !p) return null;
  const vote = () => run(() => call('PUT', postUrl(post.id, '/vote'), { body: { optionIds: choice } }));
  return (
    <div>
      <p>{t('votersCount', { n: p.voters })}</p>
      <ul className="poll-results">
        {p.options.map((o) => (
          <li key={o.id}>
            <span>
              {o.label}: {t('votesCount', { n: o.votes })}
              {mine.includes(o.id) && <strong> ({t('yourVote')})</strong>}
            </span>
            <div className="progress" aria-hidden="true">
              <span style={{ width: `${percent(o.votes, p.voters)}%` }} />
            </div>
          </li>
        ))}
      </ul>
      {cta.closesAt && <p className="meta">{t('pollClosesAt', { date: formatDate(cta.closesAt, lang) })}</p>}
      {cta.open && (
        <div className="poll-form">
          {cta.maxChoices === 1 ? (
            <RadioGroup value={choice[0] ?? null} onChange={(v) => setChoice([v])} className="field">
              <Label>{t('pollChoose')}</Label>
              {cta.options.map((o) => (
                <Radio key={o.id} value={o.id}>
                  {o.label}
                </Radio>
              ))}
            </RadioGroup>
          ) : (
            <CheckboxGroup value={choice} onChange={setChoice} className="field" isInvalid={choice.length > cta.maxChoices}>
              <Label>{t('pollChoose')}</Label>
              <Text slot="description">{t('pollChooseUpTo', { n: cta.maxChoices })}</Text>
              {cta.options.map((o) => (
                <Checkbox key={o.id} value={o.id} className="checkbox">
                  <span className="box" aria-hidden="true" />
                  {o.label}
                </Checkbox>
              ))}
            </CheckboxGroup>
          )}
          <Button className="button primary" isDisabled={busy || choice.length === 0 || choice.length > cta.maxChoices} onPress={() => void vote()}>
            {mine.length > 0 ? t('changeVoteAction') : t('voteAction')}
          </Button>
        </div>
      )}
      {problem !== null && <ProblemMessage error={problem} />}
    </div>
  );
}

const ACK_PAGE = 100;

function Acknowledge({ post, me, onChanged }: { post: PostDetail; me: Me; onChanged(): void }) {
  const { t, lang } = useI18n();
  const { busy, problem, run } = useAction(onChanged);
  const cta = post.callToAction;
  const p = post.progress?.kind === 'acknowledge' ? post.progress : null;
  if (cta.kind !== 'acknowledge' || !p) return null;
  const mayList = post.authorId === me.id || me.roles.includes('admin');
  return (
    <div>
      <p>{p.audienceSize === null ? t('acknowledgedCountUnknown', { n: p.acknowledged }) : t('acknowledgedCount', { n: p.acknowledged, total: p.audienceSize })}</p>
      {p.audienceSize !== null && (
        <div className="progress" aria-hidden="true">
          <span style={{ width: `${percent(p.acknowledged, p.audienceSize)}%` }} />
        </div>
      )}
      {p.dueAt && <p className="meta">{t('dueAt', { date: formatDate(p.dueAt, lang) })}</p>}
      {post.you.acknowledged ? (
        <p>{t('youAcknowledged')}</p>
      ) : (
        cta.open && (
          <Button className="button primary" isDisabled={busy} onPress={() => void run(() => call('POST', postUrl(post.id, '/acknowledgement')))}>
            {t('acknowledgeAction')}
          </Button>
        )
      )}
      {problem !== null && <ProblemMessage error={problem} />}
      {mayList && <NotAcknowledged postId={post.id} me={me} version={`${p.round}:${p.acknowledged}`} />}
    </div>
  );
}

/** For the author (and admins): who has not acknowledged yet, a page of the audience at a time. */
function NotAcknowledged({ postId, me, version }: { postId: string; me: Me; version: string }) {
  const { t } = useI18n();
  const [pending, setPending] = useState<string[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [loaded, setLoaded] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const load = useCallback(
    async (after: string | null) => {
      setError(null);
      try {
        const page = await call<AcknowledgementList>('GET', postUrl(postId, '/acknowledgements') + (after ? `?limit=${ACK_PAGE}&after=${encodeURIComponent(after)}` : `?limit=${ACK_PAGE}`));
        const missing = page.people.filter((x) => !x.acknowledged).map((x) => x.userId);
        setPending((prev) => (after === null ? missing : [...prev, ...missing.filter((id) => !prev.includes(id))]));
        setNext(page.next);
        setLoaded(true);
      } catch (e) {
        setError(e);
      }
    },
    [postId],
  );
  // Reloaded from the first page whenever the count (or round) changes.
  useEffect(() => void load(null), [load, version]);

  return (
    <section aria-labelledby="not-acknowledged-title" className="not-acknowledged">
      <h3 id="not-acknowledged-title">{t('notAcknowledgedTitle')}</h3>
      {error !== null && <ProblemMessage error={error} onRetry={() => void load(null)} />}
      {loaded && pending.length === 0 && <p>{t('notAcknowledgedNone')}</p>}
      <ul aria-live="polite">
        {pending.map((id) => (
          <li key={id}>
            <PersonLink userId={id} me={me} />
          </li>
        ))}
      </ul>
      {next !== null && (
        <Button className="button secondary" onPress={() => void load(next)}>
          {t('morePeople')}
        </Button>
      )}
    </section>
  );
}

/** Who may move this idea: community managers and admins, the group's owners and moderators, the jam's manager. */
function useMayTriage(post: PostDetail, me: Me): boolean {
  const everywhere = mayTriageEverywhere(me.roles);
  const groupId = post.audience.kind === 'group' ? (post.audience.groupId ?? null) : null;
  const jamId = post.jamId ?? null;
  const [local, setLocal] = useState(false);
  useEffect(() => {
    if (everywhere) return;
    const controller = new AbortController();
    const signal = controller.signal;
    const asks: Promise<boolean>[] = [];
    if (groupId)
      asks.push(
        call<{ you?: { role?: string | null } }>('GET', feedPath(`/v1/groups/${encodeURIComponent(groupId)}`), { signal })
          .then((g) => g.you?.role === 'owner' || g.you?.role === 'moderator')
          .catch(() => false),
      );
    if (jamId)
      asks.push(
        call<{ managerId?: string }>('GET', feedPath(`/v1/jams/${encodeURIComponent(jamId)}`), { signal })
          .then((j) => j.managerId === me.id)
          .catch(() => false),
      );
    void Promise.all(asks).then((answers) => !signal.aborted && setLocal(answers.some(Boolean)));
    return () => controller.abort();
  }, [everywhere, groupId, jamId, me.id]);
  return everywhere || local;
}

function IdeaStatusPanel({ post, me, onChanged }: { post: PostDetail; me: Me; onChanged(): void }) {
  const { t } = useI18n();
  const { busy, problem, run } = useAction(onChanged);
  const [note, setNote] = useState('');
  const mayTriage = useMayTriage(post, me);
  const status = post.ideaStatus as IdeaStatus;
  const next = nextIdeaStatuses(status);
  const statusName = (s: IdeaStatus) => t(`ideaStatus_${s}` as MessageKey);
  const move = (to: IdeaStatus) =>
    run(async () => {
      await call('POST', postUrl(post.id, '/idea-status'), { body: { status: to, ...(note.trim() ? { note } : {}) } });
      setNote('');
    });
  return (
    <div className="idea-status">
      <p>
        <strong>{t('ideaStatus', { status: statusName(status) })}</strong>
      </p>
      {mayTriage && next.length > 0 && (
        <div role="group" aria-labelledby="idea-move-title">
          <h3 id="idea-move-title">{t('moveIdeaTitle')}</h3>
          <TextField value={note} onChange={setNote} className="field">
            <Label>{t('ideaNote')}</Label>
            <TextArea rows={2} />
            <Text slot="description">{t('ideaNoteDeclined')}</Text>
          </TextField>
          <div className="actions">
            {next.map((s) => (
              <Button key={s} className="button secondary" isDisabled={busy || (s === 'declined' && note.trim() === '')} onPress={() => void move(s)}>
                {t('moveIdeaTo', { status: statusName(s) })}
              </Button>
            ))}
          </div>
        </div>
      )}
      {problem !== null && <ProblemMessage error={problem} />}
    </div>
  );
}
