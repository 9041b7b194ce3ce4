import { lazy, Suspense } from 'react';
import { Problem } from '../../api';
import { useI18n } from '../../i18n';
import { ProblemMessage } from '../../views/ProblemMessage';
import type { Area } from '../types';
import { mayViewInsights } from './logic';
import './insights.css';

const Dashboard = lazy(() => import('./Dashboard'));

function Loading() {
  const { t } = useI18n();
  return <p role="status">{t('loading')}</p>;
}

/** Insights: the dashboard for holders of the insights-viewer role; for anyone else /insights does not exist. */
export const area: Area = {
  name: 'insights',
  view({ me, path }) {
    if (path !== '/insights' && !path.startsWith('/insights/')) return null;
    if (path !== '/insights' || !mayViewInsights(me)) return <ProblemMessage error={new Problem(404, 'Not Found', undefined, undefined, [])} />;
    return (
      <Suspense fallback={<Loading />}>
        <Dashboard />
      </Suspense>
    );
  },
  useNav({ me, path }) {
    const { t } = useI18n();
    return mayViewInsights(me) ? [{ href: '/insights', label: t('insNav'), current: path === '/insights' }] : [];
  },
};
