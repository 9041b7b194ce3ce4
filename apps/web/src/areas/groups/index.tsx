import { lazy, Suspense } from 'react';
import { Problem } from '../../api';
import { useI18n } from '../../i18n';
import { ProblemMessage } from '../../views/ProblemMessage';
import type { Area } from '../types';
import { groupsHref, parseGroupsPath } from './paths';

// The pages load as chunks of their own: the timeline route's bundle does not carry them.
const GroupsPage = lazy(() => import('./GroupsPage'));
const GroupPage = lazy(() => import('./GroupPage'));

function Loading() {
  const { t } = useI18n();
  return <p role="status">{t('loading')}</p>;
}

export const area: Area = {
  name: 'groups',
  view: ({ me, path }) => {
    const route = parseGroupsPath(path);
    if (!route) return null;
    if (route.name === 'not-found') return <ProblemMessage error={new Problem(404, 'Not Found', undefined, undefined, [])} />;
    return (
      <Suspense fallback={<Loading />}>{route.name === 'groups' ? <GroupsPage /> : <GroupPage key={route.groupId} groupId={route.groupId} me={me} />}</Suspense>
    );
  },
  useNav: ({ path }) => {
    const { t } = useI18n();
    return [{ href: groupsHref.list, label: t('groups_nav'), current: parseGroupsPath(path) !== null }];
  },
};
