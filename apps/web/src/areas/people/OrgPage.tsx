import { useCallback, useEffect, useState } from 'react';
import { Button, Link } from 'react-aria-components';
import { call, type Me } from '../../api';
import { useI18n } from '../../i18n';
import { rememberName } from '../../names';
import { ProblemMessage } from '../../views/ProblemMessage';
import { profilesPath, type Department, type OrgChart, type OrgPerson, type PeoplePage } from './api';
import { peopleHref } from './model';

const PAGE = 20;

type Loaded = { state: 'loading' } | { state: 'error'; error: unknown } | { state: 'ready'; chart: OrgChart };

/** `/org` (your own place) and `/org/<id>`: managers up to the top, the person, their peers and direct reports (paged), and department head counts. */
export default function OrgPage({ userId, me }: { userId: string; me: Me }) {
  const { t } = useI18n();
  const [loaded, setLoaded] = useState<Loaded>({ state: 'loading' });

  const load = useCallback(() => {
    const controller = new AbortController();
    setLoaded({ state: 'loading' });
    call<OrgChart>('GET', profilesPath(`/${encodeURIComponent(userId)}/org-chart?limit=${PAGE}`), { signal: controller.signal })
      .then((chart) => {
        for (const p of [chart.person, ...chart.directReports.items, ...chart.peers.items]) rememberName(p.userId, p.displayName);
        setLoaded({ state: 'ready', chart });
      })
      .catch((error: unknown) => !controller.signal.aborted && setLoaded({ state: 'error', error }));
    return () => controller.abort();
  }, [userId]);
  useEffect(load, [load]);

  if (loaded.state === 'loading') return <p role="status">{t('loading')}</p>;
  if (loaded.state === 'error') return <ProblemMessage error={loaded.error} onRetry={load} />;
  const { chart } = loaded;
  // Top of the organisation first, down to the person's own manager.
  const managers = [...chart.managers].reverse();
  return (
    <section aria-labelledby="org-title" className="people org">
      <h1 id="org-title">{t('orgTitle')}</h1>
      <section aria-labelledby="org-managers" className="card">
        <h2 id="org-managers">{t('orgManagers')}</h2>
        {chart.managersTruncated && <p className="meta">{t('orgManagersTruncated')}</p>}
        {managers.length === 0 ? (
          <p className="meta">{t('orgNoManager')}</p>
        ) : (
          <ol className="org-chain">
            {managers.map((m) => (
              <li key={m.userId}>{'displayName' in m ? <PersonLine person={m} me={me} /> : <span className="meta">{t('orgInactive')}</span>}</li>
            ))}
          </ol>
        )}
      </section>
      <section aria-labelledby="org-person" className="card org-person">
        <h2 id="org-person">{t('orgPerson')}</h2>
        <PersonLine person={chart.person} me={me} />
      </section>
      <PagedPeople
        title={t('orgReports', { n: chart.directReportCount })}
        id="org-reports"
        first={chart.directReports}
        more={(cursor) => profilesPath(`/${encodeURIComponent(userId)}/org-chart/reports?limit=${PAGE}&cursor=${encodeURIComponent(cursor)}`)}
        empty={t('orgNoReports')}
        moreLabel={t('orgMoreReports')}
        me={me}
      />
      <PagedPeople
        title={t('orgPeers')}
        id="org-peers"
        first={chart.peers}
        more={(cursor) => profilesPath(`/${encodeURIComponent(userId)}/org-chart/peers?limit=${PAGE}&cursor=${encodeURIComponent(cursor)}`)}
        empty={t('orgNoPeers')}
        moreLabel={t('orgMorePeers')}
        me={me}
      />
      <Departments department={chart.person.department} />
    </section>
  );
}

function PersonLine({ person, me }: { person: OrgPerson; me: Me }) {
  const { t } = useI18n();
  return (
    <span className="org-line">
      <Link href={peopleHref.profile(person.userId)}>{person.displayName}</Link>
      {person.userId === me.id && <span className="meta"> {t('peopleYou')}</span>}
      <span className="meta"> {[person.title, person.department].filter(Boolean).join(' · ')}</span>
    </span>
  );
}

/** A list that starts with the chart's first page and follows `nextCursor` on request. */
function PagedPeople({ title, id, first, more, empty, moreLabel, me }: { title: string; id: string; first: PeoplePage; more(cursor: string): string; empty: string; moreLabel: string; me: Me }) {
  const { t } = useI18n();
  const [items, setItems] = useState<readonly OrgPerson[]>(first.items);
  const [next, setNext] = useState<string | null>(first.nextCursor);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<unknown>(null);
  const loadMore = async () => {
    if (!next) return;
    setBusy(true);
    setProblem(null);
    try {
      const page = await call<PeoplePage>('GET', more(next));
      for (const p of page.items) rememberName(p.userId, p.displayName);
      setItems((current) => [...current, ...page.items]);
      setNext(page.nextCursor);
    } catch (error) {
      setProblem(error);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section aria-labelledby={id} className="card">
      <h2 id={id}>{title}</h2>
      {items.length === 0 ? (
        <p className="meta">{empty}</p>
      ) : (
        <ul className="org-people">
          {items.map((p) => (
            <li key={p.userId}>
              <PersonLine person={p} me={me} />
            </li>
          ))}
        </ul>
      )}
      {problem !== null && <ProblemMessage error={problem} />}
      {next && (
        <Button className="button secondary" isDisabled={busy} onPress={() => void loadMore()}>
          {busy ? t('loading') : moreLabel}
        </Button>
      )}
    </section>
  );
}

/** Head counts of the person's department and the ones beside it (the departments under its parent); paged. */
function Departments({ department }: { department: string | null }) {
  const { t } = useI18n();
  const parts = (department ?? '').split('/').map((s) => s.trim()).filter(Boolean);
  const parent = parts.length > 1 ? parts.slice(0, -1).join('/') : null;
  const own = parts.join('/').toLowerCase();
  const [items, setItems] = useState<readonly Department[] | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const [problem, setProblem] = useState<unknown>(null);
  const path = (cursor?: string | null) => profilesPath(`/departments?limit=${PAGE}${parent ? `&parent=${encodeURIComponent(parent)}` : ''}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
  const fetchPage = async (cursor: string | null, signal?: AbortSignal) => {
    try {
      const page = await call<{ items: Department[]; nextCursor: string | null }>('GET', path(cursor), signal ? { signal } : {});
      setItems((current) => [...(cursor ? (current ?? []) : []), ...page.items]);
      setNext(page.nextCursor);
    } catch (error) {
      if (!signal?.aborted) setProblem(error);
    }
  };
  useEffect(() => {
    const controller = new AbortController();
    void fetchPage(null, controller.signal);
    return () => controller.abort();
    // The path depends on the parent only.
  }, [parent]);
  return (
    <section aria-labelledby="org-departments" className="card">
      <h2 id="org-departments">{t('orgDepartments')}</h2>
      <p className="meta">{parent ? t('orgSubDepartments', { name: parent }) : t('orgTopDepartments')}</p>
      {problem !== null && <ProblemMessage error={problem} />}
      {items === null && problem === null && <p role="status">{t('loading')}</p>}
      {items !== null && items.length === 0 && <p className="meta">{t('orgNoDepartments')}</p>}
      {items !== null && items.length > 0 && (
        <ul className="org-departments">
          {items.map((d) => (
            <li key={d.path} aria-current={d.path.toLowerCase() === own ? 'true' : undefined}>
              <strong>{d.name}</strong> <span className="meta">{t('orgHeadCount', { n: d.headCount })}, {t('orgDirectHeadCount', { n: d.directHeadCount })}</span>
            </li>
          ))}
        </ul>
      )}
      {next && (
        <Button className="button secondary" onPress={() => void fetchPage(next)}>
          {t('orgMoreDepartments')}
        </Button>
      )}
    </section>
  );
}
