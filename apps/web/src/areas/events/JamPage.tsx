import { useCallback, useEffect, useState } from 'react';
import { Button, Checkbox, CheckboxGroup, Form, Label, Link } from 'react-aria-components';
import { call, feedPath, type Me, type Post } from '../../api';
import { useI18n } from '../../i18n';
import { hrefOf } from '../../router';
import { ProblemMessage } from '../../views/ProblemMessage';
import type { Jam, JamIdea } from './api';
import { jamFields, managesJam, postFields, voteActionOf } from './logic';
import { eventsHref } from './paths';
import { ConfirmButton, FormProblem, Loading, PersonName, PhaseLine, ProblemField } from './parts';
import { useCreateDraft } from './draft';

const jamPath = (jamId: string, rest = '') => feedPath(`/v1/jams/${encodeURIComponent(jamId)}${rest}`);

/**
 * `/jams/<id>`: the question and phase, the ideas by votes, the reader's votes left; while open:
 * submit an idea (a post of kind idea with the jam's id and audience) and vote within the budget;
 * when closed the ranking, when concluded the outcome. The manager closes, cancels and publishes.
 */
export default function JamPage({ jamId, me }: { jamId: string; me: Me }) {
  const { t } = useI18n();
  const [jam, setJam] = useState<Jam | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [actionError, setActionError] = useState<unknown>(null);
  const [notice, setNotice] = useState('');
  const [busy, setBusy] = useState(false);

  const load = useCallback(() => {
    setError(null);
    call<Jam>('GET', jamPath(jamId))
      .then(setJam)
      .catch(setError);
  }, [jamId]);
  useEffect(load, [load]);

  async function act(method: 'PUT' | 'DELETE' | 'POST', rest: string, done: string, body?: unknown) {
    setBusy(true);
    setActionError(null);
    setNotice('');
    try {
      setJam(await call<Jam>(method, jamPath(jamId, rest), body === undefined ? {} : { body }));
      setNotice(done);
    } catch (e) {
      setActionError(e);
    } finally {
      setBusy(false);
    }
  }

  if (error !== null) return <ProblemMessage error={error} onRetry={load} />;
  if (!jam) return <Loading />;
  const manages = managesJam(jam, me);
  const ranked = jam.phase === 'closed' || jam.phase === 'concluded';
  const selected = new Set(jam.outcomes?.selectedIdeaIds ?? []);
  return (
    <article aria-labelledby="ev-jam-title" className="ev-page">
      <p>
        <Link href={eventsHref.jams}>← {t('ev_backToJams')}</Link>
      </p>
      <div className="card">
        <h1 id="ev-jam-title">{jam.title}</h1>
        <p className="body">{jam.question}</p>
        <PhaseLine jam={jam} />
        <p className="meta">
          {t('ev_organiser')}: <PersonName userId={jam.managerId} me={me} />
        </p>
        {jam.phase === 'open' && (
          <p className="ev-budget" data-testid="ev-votes-left">
            {t('ev_votesLeft', { left: jam.you.votesLeft, total: jam.votesPerPerson })}
          </p>
        )}
      </div>
      <p role="status" className="meta">
        {notice}
      </p>
      {actionError !== null && <ProblemMessage error={actionError} />}
      {jam.outcomes && (
        <section aria-labelledby="ev-outcomes" className="card">
          <h2 id="ev-outcomes">{t('ev_outcomes')}</h2>
          <p className="body">{jam.outcomes.summary}</p>
        </section>
      )}
      <section aria-labelledby="ev-ideas" className="card">
        <h2 id="ev-ideas">{ranked ? t('ev_results') : t('ev_ideas')}</h2>
        {jam.ideas.length === 0 ? (
          <p>{t('ev_noIdeas')}</p>
        ) : (
          <ol className="ev-ideas">
            {jam.ideas.map((idea) => (
              <IdeaRow key={idea.postId} jam={jam} idea={idea} me={me} busy={busy} selected={selected.has(idea.postId)} onVote={(vote) => void act(vote ? 'PUT' : 'DELETE', `/votes/${encodeURIComponent(idea.postId)}`, t('ev_voteSaved'))} />
            ))}
          </ol>
        )}
      </section>
      {jam.phase === 'open' && <IdeaForm jam={jam} onSubmitted={() => {
            setNotice(t('ev_ideaSubmitted'));
            load();
          }} />}
      {manages && jam.phase !== 'cancelled' && jam.phase !== 'concluded' && (
        <section aria-labelledby="ev-manage" className="card">
          <h2 id="ev-manage">{t('ev_manage')}</h2>
          <div className="ev-buttons">
            {jam.phase === 'open' && <ConfirmButton label={t('ev_closeJam')} onConfirm={() => void act('POST', '/close', t('ev_jamClosed'))} />}
            <ConfirmButton label={t('ev_cancelJam')} onConfirm={() => void act('POST', '/cancel', t('ev_jamCancelled'), {})} />
          </div>
          {jam.phase === 'closed' && <OutcomesForm jam={jam} problem={actionError} onPublish={(summary, ids) => act('POST', '/outcomes', t('ev_outcomesPublished'), { summary, selectedIdeaIds: ids })} busy={busy} />}
        </section>
      )}
    </article>
  );
}

function IdeaRow({ jam, idea, me, busy, selected, onVote }: { jam: Jam; idea: JamIdea; me: Me; busy: boolean; selected: boolean; onVote(vote: boolean): void }) {
  const { t } = useI18n();
  const title = idea.title?.trim() || t('ev_untitledIdea');
  const action = voteActionOf(jam, idea, me.id);
  return (
    <li className="ev-idea">
      <div>
        <Link href={hrefOf.post(idea.postId)}>{title}</Link>
        <p className="meta">
          <PersonName userId={idea.authorId} me={me} /> · <strong>{idea.votes === 1 ? t('ev_votes_one') : t('ev_votes', { n: idea.votes })}</strong>
          {jam.you.votedIdeaIds.includes(idea.postId) && ` · ${t('ev_voted')}`}
          {selected && ` · ${t('ev_selected')}`}
        </p>
      </div>
      {action.kind === 'vote' && (
        <Button className="button primary" isDisabled={busy} aria-label={t('ev_voteFor', { title })} onPress={() => onVote(true)}>
          {t('ev_vote')}
        </Button>
      )}
      {action.kind === 'withdraw' && (
        <Button className="button secondary" isDisabled={busy} aria-label={t('ev_withdrawFor', { title })} onPress={() => onVote(false)}>
          {t('ev_withdraw')}
        </Button>
      )}
      {action.kind === 'none' && action.why === 'own' && <span className="meta">{t('ev_yourIdea')}</span>}
      {action.kind === 'none' && action.why === 'no-votes-left' && <span className="meta">{t('ev_noVotesLeft')}</span>}
    </li>
  );
}

const IDEA_OWN = [...postFields('title'), ...postFields('body')];

/** An idea is a post: kind idea, the jam's id and exactly the jam's audience (the feed checks both). */
function IdeaForm({ jam, onSubmitted }: { jam: Jam; onSubmitted(post: Post): void }) {
  const { t } = useI18n();
  const { draft, set, submit, busy, problem } = useCreateDraft(
    { title: '', body: '' },
    (d, idempotencyKey) =>
      call<Post>('POST', feedPath('/v1/posts'), {
        idempotencyKey,
        body: { kind: 'idea', callToAction: { kind: 'share-ideas' }, audience: jam.audience, jamId: jam.jamId, title: d.title, body: d.body },
      }),
    onSubmitted,
  );

  return (
    <section aria-labelledby="ev-submit-idea" className="card">
      <h2 id="ev-submit-idea">{t('ev_submitIdeaTitle')}</h2>
      <Form onSubmit={submit} validationBehavior="aria">
        <ProblemField label={t('ev_ideaTitle')} isRequired value={draft.title} onChange={set('title')} fields={postFields('title')} problem={problem} />
        <ProblemField label={t('ev_ideaBody')} isRequired multiline value={draft.body} onChange={set('body')} fields={postFields('body')} problem={problem} />
        <FormProblem problem={problem} own={IDEA_OWN} />
        <Button type="submit" className="button primary" isDisabled={busy || !draft.title.trim() || !draft.body.trim()}>
          {busy ? t('ev_submitting') : t('ev_submitIdea')}
        </Button>
      </Form>
    </section>
  );
}

function OutcomesForm({ jam, busy, problem, onPublish }: { jam: Jam; busy: boolean; problem: unknown; onPublish(summary: string, ids: string[]): Promise<void> }) {
  const { t } = useI18n();
  const [summary, setSummary] = useState('');
  const [ids, setIds] = useState<string[]>([]);
  return (
    <Form
      onSubmit={(event) => {
        event.preventDefault();
        void onPublish(summary, ids);
      }}
      validationBehavior="aria"
    >
      <ProblemField label={t('ev_summary')} isRequired multiline value={summary} onChange={setSummary} fields={jamFields('summary')} problem={problem} />
      {jam.ideas.length > 0 && (
        <CheckboxGroup value={ids} onChange={setIds} className="field">
          <Label>{t('ev_selectIdeas')}</Label>
          {jam.ideas.map((idea) => (
            <Checkbox key={idea.postId} value={idea.postId} className="ev-check">
              {idea.title?.trim() || t('ev_untitledIdea')}
            </Checkbox>
          ))}
        </CheckboxGroup>
      )}
      <Button type="submit" className="button primary" isDisabled={busy || !summary.trim()}>
        {t('ev_publishOutcomes')}
      </Button>
    </Form>
  );
}
