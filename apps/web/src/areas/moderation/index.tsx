import { lazy, Suspense } from 'react';
import { Problem } from '../../api';
import { useI18n } from '../../i18n';
import { ProblemMessage } from '../../views/ProblemMessage';
import type { Area } from '../types';
import { offersQueue, parseModerationPath } from './logic';
import './moderation.css';

const QueuePage = lazy(() => import('./QueuePage'));
const CasePage = lazy(() => import('./CasePage'));
const MinePage = lazy(() => import('./MinePage'));

function Loading() {
  const { t } = useI18n();
  return <p role="status">{t('loading')}</p>;
}

/** Moderation: the review queue and its cases (moderators), and everyone's own reports and decisions. */
export const area: Area = {
  name: 'moderation',
  view({ me, path }) {
    const route = parseModerationPath(path);
    if (route === null) return null;
    if (route.name === 'not-found') return <ProblemMessage error={new Problem(404, 'Not Found', undefined, undefined, [])} />;
    return (
      <Suspense fallback={<Loading />}>
        {route.name === 'queue' && <QueuePage me={me} />}
        {route.name === 'case' && <CasePage key={`${route.contentType}:${route.contentId}`} contentType={route.contentType} contentId={route.contentId} me={me} />}
        {route.name === 'mine' && <MinePage />}
      </Suspense>
    );
  },
  useNav({ me, path }) {
    const { t } = useI18n();
    return offersQueue(me) ? [{ href: '/moderation', label: t('modNav'), current: path.startsWith('/moderation') }] : [];
  },
};
