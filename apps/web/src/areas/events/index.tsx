import { lazy, Suspense } from 'react';
import { Problem } from '../../api';
import { useI18n } from '../../i18n';
import { ProblemMessage } from '../../views/ProblemMessage';
import type { Area } from '../types';
import './events.css';
import { eventsHref, parseEventsPath } from './paths';

// The pages load as chunks of their own: the timeline route's bundle does not carry them.
const AgendaPage = lazy(() => import('./AgendaPage'));
const AgendaItemPage = lazy(() => import('./AgendaItemPage'));
const JamsPage = lazy(() => import('./JamsPage'));
const JamPage = lazy(() => import('./JamPage'));

function Loading() {
  const { t } = useI18n();
  return <p role="status">{t('loading')}</p>;
}

/** The agenda (`/agenda`, `/agenda/<id>`) and idea jams (`/jams`, `/jams/<id>`). */
export const area: Area = {
  name: 'events',
  view: ({ me, path }) => {
    const route = parseEventsPath(path);
    if (!route) return null;
    if (route.name === 'not-found') return <ProblemMessage error={new Problem(404, 'Not Found', undefined, undefined, [])} />;
    return (
      <Suspense fallback={<Loading />}>
        {route.name === 'agenda' && <AgendaPage />}
        {route.name === 'agenda-item' && <AgendaItemPage key={route.agendaItemId} agendaItemId={route.agendaItemId} me={me} />}
        {route.name === 'jams' && <JamsPage />}
        {route.name === 'jam' && <JamPage key={route.jamId} jamId={route.jamId} me={me} />}
      </Suspense>
    );
  },
  useNav: ({ path }) => {
    const { t } = useI18n();
    const route = parseEventsPath(path);
    const agenda = route?.name === 'agenda' || route?.name === 'agenda-item';
    const jams = route?.name === 'jams' || route?.name === 'jam';
    return [
      { href: eventsHref.agenda, label: t('ev_navAgenda'), current: agenda },
      { href: eventsHref.jams, label: t('ev_navJams'), current: jams },
    ];
  },
};
