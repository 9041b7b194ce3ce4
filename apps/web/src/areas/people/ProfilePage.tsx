import { useCallback, useEffect, useMemo, useState } from 'react';
import { Button, Link } from 'react-aria-components';
import { call, newIdempotencyKey, type Me } from '../../api';
import { useI18n, type MessageKey } from '../../i18n';
import { rememberName } from '../../names';
import { ProblemMessage } from '../../views/ProblemMessage';
import { EVIDENCE_KINDS, profilesPath, type ProfileView, type Standing } from './api';
import { languageName, peopleHref, topicOf } from './model';
import { useTaxonomy } from './taxonomy';

type Loaded = { state: 'loading' } | { state: 'error'; error: unknown } | { state: 'ready'; profile: ProfileView };

/** `/people/<id>`: a colleague's profile with their expertise evidence; someone the reader may not see is the 404 view. */
export default function ProfilePage({ userId, me }: { userId: string; me: Me }) {
  const { t, lang } = useI18n();
  const [loaded, setLoaded] = useState<Loaded>({ state: 'loading' });
  const terms = useTaxonomy();
  const labelOf = useMemo(() => new Map(terms.map((term) => [term.termId, term.labels[lang]])), [terms, lang]);

  const load = useCallback(() => {
    const controller = new AbortController();
    setLoaded({ state: 'loading' });
    call<ProfileView>('GET', profilesPath(`/${encodeURIComponent(userId)}`), { signal: controller.signal })
      .then((profile) => {
        rememberName(profile.userId, profile.displayName);
        setLoaded({ state: 'ready', profile });
      })
      .catch((error: unknown) => !controller.signal.aborted && setLoaded({ state: 'error', error }));
    return () => controller.abort();
  }, [userId]);
  useEffect(load, [load]);

  if (loaded.state === 'loading') return <p role="status">{t('loading')}</p>;
  if (loaded.state === 'error') return <ProblemMessage error={loaded.error} onRetry={load} />;
  const p = loaded.profile;
  const own = p.userId === me.id;
  const standings = new Map((p.expertise ?? []).map((s) => [s.topic, s]));
  return (
    <article aria-labelledby="profile-title" className="people profile">
      <header className="card">
        <h1 id="profile-title">
          {p.displayName} {own && <span className="meta">{t('peopleYou')}</span>}
        </h1>
        {p.title && <p className="profile-title">{p.title}</p>}
        <dl className="facts">
          {p.department && (
            <>
              <dt>{t('peopleDepartment')}</dt>
              <dd>{p.department}</dd>
            </>
          )}
          {p.location && (
            <>
              <dt>{t('peopleLocation')}</dt>
              <dd>{p.location}</dd>
            </>
          )}
          {p.languages.length > 0 && (
            <>
              <dt>{t('peopleLanguages')}</dt>
              <dd>{p.languages.map((l) => `${languageName(l.code, lang)} (${l.level})`).join(', ')}</dd>
            </>
          )}
        </dl>
        <p className="links">
          <Link href={peopleHref.org(p.userId)}>{t('peopleOrgChartLink')}</Link>
          {own && <Link href={peopleHref.edit}>{t('peopleEditOwn')}</Link>}
        </p>
      </header>
      <section aria-labelledby="profile-skills" className="card">
        <h2 id="profile-skills">{t('peopleSkills')}</h2>
        {p.skills.length === 0 ? (
          <p className="meta">{t('profileNoSkills')}</p>
        ) : (
          <ul className="skills">
            {p.skills.map((skill) => (
              <Skill key={skill} userId={p.userId} skill={skill} label={labelOf.get(skill) ?? skill} standing={standings.get(topicOf(skill))} canEndorse={!own} />
            ))}
          </ul>
        )}
      </section>
      {p.askMeAbout.length > 0 && (
        <section aria-labelledby="profile-ask" className="card">
          <h2 id="profile-ask">{t('peopleAskMeAbout')}</h2>
          <ul className="tags">
            {p.askMeAbout.map((a) => (
              <li key={a} className="tag">
                {a}
              </li>
            ))}
          </ul>
        </section>
      )}
      {p.bio && (
        <section aria-labelledby="profile-about" className="card">
          <h2 id="profile-about">{t('peopleAbout')}</h2>
          <p className="body">{p.bio}</p>
        </section>
      )}
      {p.interests.length > 0 && (
        <section aria-labelledby="profile-interests" className="card">
          <h2 id="profile-interests">{t('peopleInterests')}</h2>
          <p>{p.interests.join(', ')}</p>
        </section>
      )}
      <section aria-labelledby="profile-expertise" className="card">
        <h2 id="profile-expertise">{t('peopleExpertise')}</h2>
        {(p.expertise ?? []).length === 0 ? (
          <p className="meta">{t('peopleNoExpertise')}</p>
        ) : (
          <ul className="evidence">
            {(p.expertise ?? []).map((s) => (
              <li key={s.topic}>
                <strong>#{s.topic}</strong>: {s.explanation[lang]}
                <EvidenceCounts standing={s} />
              </li>
            ))}
          </ul>
        )}
      </section>
    </article>
  );
}

function EvidenceCounts({ standing }: { standing: Standing }) {
  const { t } = useI18n();
  const parts = EVIDENCE_KINDS.filter((k) => (standing.total[k] ?? 0) > 0).map((k) => t('peopleEvidenceCount', { n: standing.total[k], kind: t(`peopleEvidence_${k.replace('-', '_')}` as MessageKey) }));
  return parts.length > 0 ? <span className="meta"> ({parts.join(', ')})</span> : null;
}

/**
 * A skill with its endorsement count; colleagues endorse it (PUT, idempotent: endorsing again changes
 * nothing) and may withdraw it again (DELETE).
 */
function Skill({ userId, skill, label, standing, canEndorse }: { userId: string; skill: string; label: string; standing: Standing | undefined; canEndorse: boolean }) {
  const { t } = useI18n();
  const [endorsed, setEndorsed] = useState(false);
  // As the expertise read model last counted them (an endorsement given now counts within seconds).
  const count = standing?.total.endorsement ?? 0;
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<unknown>(null);
  const path = profilesPath(`/${encodeURIComponent(userId)}/endorsements/${encodeURIComponent(skill)}`);

  const toggle = async () => {
    setBusy(true);
    setProblem(null);
    try {
      if (endorsed) {
        await call('DELETE', path, { idempotencyKey: newIdempotencyKey() });
        setEndorsed(false);
      } else {
        await call('PUT', path, { idempotencyKey: newIdempotencyKey() });
        setEndorsed(true);
      }
    } catch (error) {
      setProblem(error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <li className="skill">
      <span className="skill-name">{label}</span> <span className="meta">{t('peopleEndorsements', { n: count })}</span>
      {canEndorse && (
        <Button className={endorsed ? 'button secondary' : 'button'} isDisabled={busy} onPress={() => void toggle()}>
          {endorsed ? t('peopleWithdraw', { skill: label }) : t('peopleEndorse', { skill: label })}
        </Button>
      )}
      {endorsed && (
        <span role="status" className="meta">
          {t('peopleEndorsed', { skill: label })}
        </span>
      )}
      {problem !== null && <ProblemMessage error={problem} />}
    </li>
  );
}
