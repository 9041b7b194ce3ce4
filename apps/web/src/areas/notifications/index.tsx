import { lazy, Suspense } from 'react';
import { Problem } from '../../api';
import { useI18n } from '../../i18n';
import { ProblemMessage } from '../../views/ProblemMessage';
import type { Area, AreaContext } from '../types';
import { Bell } from './Bell';
import './notifications.css';

const InboxPage = lazy(() => import('./InboxPage'));
const SettingsPage = lazy(() => import('./SettingsPage'));

/** `/notifications/<id>`: one item (what the service's push and mail links open when the client has no page of its own for the target). */
const ONE = /^\/notifications\/([0-9a-f-]{36})$/;

function Loading() {
  const { t } = useI18n();
  return <p role="status">{t('loading')}</p>;
}

function view(ctx: AreaContext) {
  if (ctx.path === '/notifications') {
    return (
      <Suspense fallback={<Loading />}>
        <InboxPage key="inbox" />
      </Suspense>
    );
  }
  if (ctx.path === '/settings/notifications') {
    return (
      <Suspense fallback={<Loading />}>
        <SettingsPage />
      </Suspense>
    );
  }
  if (ctx.path.startsWith('/notifications/')) {
    const one = ONE.exec(ctx.path);
    if (!one) return <ProblemMessage error={new Problem(404, 'Not Found', undefined, undefined, [])} />;
    return (
      <Suspense fallback={<Loading />}>
        <InboxPage key={one[1]!} only={one[1]!} />
      </Suspense>
    );
  }
  return null;
}

export const area: Area = {
  name: 'notifications',
  view,
  HeaderItem: () => <Bell />,
};
