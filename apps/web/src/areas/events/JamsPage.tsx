import { useState } from 'react';
import { Button, Link } from 'react-aria-components';
import { call, feedPath, type Page } from '../../api';
import { useI18n } from '../../i18n';
import { navigate } from '../../router';
import { usePagedList } from '../../usePagedList';
import { ProblemMessage } from '../../views/ProblemMessage';
import type { JamSummary } from './api';
import { JamForm } from './JamForm';
import { eventsHref } from './paths';
import { Loading, PhaseLine } from './parts';

export const JAMS_PAGE = 20;
const OPEN_PHASES: readonly string[] = ['upcoming', 'open'];

/** `/jams`: the jams the reader may see, newest first (20 a page), open and upcoming ones apart from closed ones; schedule a jam. */
export default function JamsPage() {
  const { t } = useI18n();
  const list = usePagedList<JamSummary>({
    fetchPage: (after, signal) => call<Page<JamSummary>>('GET', feedPath('/v1/jams', { limit: JAMS_PAGE, after: after ?? undefined }), { signal }),
    idOf: (j) => j.jamId,
  });
  const { items: jams, error } = list;
  const [creating, setCreating] = useState(false);

  const open = (jams ?? []).filter((j) => OPEN_PHASES.includes(j.phase));
  const closed = (jams ?? []).filter((j) => !OPEN_PHASES.includes(j.phase));
  return (
    <section aria-labelledby="ev-jams-title" className="ev-page">
      <div className="ev-head">
        <h1 id="ev-jams-title">{t('ev_jamsTitle')}</h1>
        <Button className="button secondary" aria-expanded={creating} onPress={() => setCreating((c) => !c)}>
          {creating ? t('ev_closeForm') : t('ev_newJam')}
        </Button>
      </div>
      {creating && <JamForm onScheduled={(jam) => navigate(eventsHref.jam(jam.jamId))} />}
      {error !== null && <ProblemMessage error={error} onRetry={() => void list.reload()} />}
      {jams === null && error === null && <Loading />}
      {jams !== null && jams.length === 0 && <p>{t('ev_jamsEmpty')}</p>}
      {open.length > 0 && <JamList id="ev-jams-open" title={t('ev_jamsOpen')} jams={open} />}
      {closed.length > 0 && <JamList id="ev-jams-closed" title={t('ev_jamsClosed')} jams={closed} />}
      {list.hasMore && (
        <Button className="button secondary" isDisabled={list.loading} onPress={() => void list.loadMore()}>
          {t('ev_loadMore')}
        </Button>
      )}
    </section>
  );
}

function JamList({ id, title, jams }: { id: string; title: string; jams: readonly JamSummary[] }) {
  return (
    <section aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      <ul className="ev-list">
        {jams.map((jam) => (
          <li key={jam.jamId} className="card">
            <h3>
              <Link href={eventsHref.jam(jam.jamId)}>{jam.title}</Link>
            </h3>
            <p className="body">{jam.question}</p>
            <PhaseLine jam={jam} />
          </li>
        ))}
      </ul>
    </section>
  );
}
