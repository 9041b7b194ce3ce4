import { lazy, Suspense } from 'react';
import { Problem } from '../../api';
import { useI18n } from '../../i18n';
import { ProblemMessage } from '../../views/ProblemMessage';
import type { Area } from '../types';
import { parsePeoplePath, peopleHref } from './model';
import './people.css';

// The pages load as chunks of their own: the timeline route's bundle does not carry them.
const SearchPage = lazy(() => import('./SearchPage'));
const ProfilePage = lazy(() => import('./ProfilePage'));
const EditProfilePage = lazy(() => import('./EditProfilePage'));
const OrgPage = lazy(() => import('./OrgPage'));

function Loading() {
  const { t } = useI18n();
  return <p role="status">{t('loading')}</p>;
}

export const area: Area = {
  name: 'people',
  view: ({ me, path }) => {
    const route = parsePeoplePath(path);
    if (!route) return null;
    if (route.page === 'not-found') return <ProblemMessage error={new Problem(404, 'Not Found', undefined, undefined, [])} />;
    return (
      <Suspense fallback={<Loading />}>
        {route.page === 'search' && <SearchPage />}
        {route.page === 'profile' && <ProfilePage key={route.userId} userId={route.userId} me={me} />}
        {route.page === 'edit' && <EditProfilePage me={me} />}
        {route.page === 'org' && <OrgPage key={route.userId ?? me.id} userId={route.userId ?? me.id} me={me} />}
      </Suspense>
    );
  },
  useNav: ({ path }) => {
    const { t } = useI18n();
    const route = parsePeoplePath(path);
    return [{ href: peopleHref.search, label: t('peopleNav'), current: route !== null }];
  },
};
