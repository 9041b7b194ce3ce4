import { useCallback, useEffect, useState } from 'react';
import { Button, Link, RouterProvider } from 'react-aria-components';
import { call, Problem, type Me } from './api';
import { AREAS, type AreaContext } from './areas';
import { useI18n } from './i18n';
import { hrefOf, navigate, parseRoute, useLocationPath } from './router';
import { Composer } from './views/Composer';
import { PostPage } from './views/PostPage';
import { ProblemMessage } from './views/ProblemMessage';
import { Timeline, type Post } from './views/Timeline';

type Session = { state: 'loading' } | { state: 'signed-out' } | { state: 'signed-in'; me: Me } | { state: 'error'; error: unknown };

export function App() {
  const { t, lang, setLang } = useI18n();
  const path = useLocationPath();
  const route = parseRoute(path);
  const [session, setSession] = useState<Session>({ state: 'loading' });
  const [ownPosts, setOwnPosts] = useState<Post[]>([]);

  const load = useCallback(() => {
    setSession({ state: 'loading' });
    call<Me>('GET', '/api/identity/v1/me')
      .then((me) => setSession({ state: 'signed-in', me }))
      .catch((error: unknown) => setSession(error instanceof Problem && error.status === 401 ? { state: 'signed-out' } : { state: 'error', error }));
  }, []);
  useEffect(load, [load]);

  const signOut = async () => {
    try {
      const answer = await call<{ redirectTo?: string }>('POST', '/auth/logout');
      window.location.assign(answer?.redirectTo ?? '/');
    } catch (error) {
      setSession({ state: 'error', error });
    }
  };

  const returnTo = path + window.location.search;
  const ctx: AreaContext | null = session.state === 'signed-in' ? { me: session.me, path, query: new URLSearchParams(window.location.search) } : null;
  const areaView = ctx ? (AREAS.map((area) => area.view(ctx)).find((view) => view !== null && view !== undefined) ?? null) : null;
  return (
    <RouterProvider navigate={navigate}>
      <a className="skip" href="#main">
        {t('skipToContent')}
      </a>
      <header className="bar">
        <Link href={hrefOf.home} className="brand">
          {t('appName')}
        </Link>
        {session.state === 'signed-in' && (
          <nav aria-label={t('mainNavigation')}>
            <Link href={hrefOf.home} aria-current={route.name === 'home' ? 'page' : undefined}>
              {t('navHome')}
            </Link>
            <Link href={hrefOf.organisation} aria-current={route.name === 'organisation' ? 'page' : undefined}>
              {t('navOrganisation')}
            </Link>
            {ctx && <AreaNavLinks ctx={ctx} />}
          </nav>
        )}
        <div className="bar-end">
          {ctx && AREAS.map((area) => (area.HeaderItem ? <area.HeaderItem key={area.name} ctx={ctx} /> : null))}
          <Button className="button link" aria-label={t('switchLanguageLabel')} onPress={() => setLang(lang === 'nl' ? 'en' : 'nl')}>
            <span lang={lang === 'nl' ? 'en' : 'nl'}>{t('switchLanguage')}</span>
          </Button>
          {session.state === 'signed-in' && (
            <Button className="button secondary" onPress={signOut}>
              {t('signOut')}
            </Button>
          )}
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {session.state === 'loading' && <p role="status">{t('loading')}</p>}
        {session.state === 'error' && <ProblemMessage error={session.error} onRetry={load} />}
        {session.state === 'signed-out' && (
          <section aria-labelledby="signed-out-title" className="card">
            <h1 id="signed-out-title">{t('signedOutTitle')}</h1>
            <p>{t('signedOutText')}</p>
            {/* A full page load: the gateway starts the sign-in and comes back here. */}
            <a className="button primary" href={`/auth/login?return_to=${encodeURIComponent(returnTo)}`}>
              {t('signIn')}
            </a>
          </section>
        )}
        {areaView}
        {session.state === 'signed-in' && !areaView && route.name === 'home' && (
          <>
            <Composer onPublished={(post) => setOwnPosts((posts) => [post, ...posts])} />
            <Timeline key="home" title={t('homeTitle')} path="/v1/timelines/home" me={session.me} pinned={ownPosts} />
          </>
        )}
        {session.state === 'signed-in' && !areaView && route.name === 'organisation' && <Timeline key="organisation" title={t('organisationTitle')} path="/v1/timelines/organisation" me={session.me} pinned={[]} />}
        {session.state === 'signed-in' && !areaView && route.name === 'hashtag' && (
          <Timeline key={`tag:${route.tag}`} title={t('hashtagTitle', { tag: route.tag })} path={`/v1/timelines/hashtags/${encodeURIComponent(route.tag)}`} me={session.me} pinned={[]} />
        )}
        {session.state === 'signed-in' && !areaView && route.name === 'post' && <PostPage key={route.postId} postId={route.postId} me={session.me} />}
        {session.state === 'signed-in' && !areaView && route.name === 'not-found' && <ProblemMessage error={new Problem(404, 'Not Found', undefined, undefined, [])} />}
      </main>
    </RouterProvider>
  );
}

/** The areas' links; a component of its own so the areas' nav hooks run in a fixed order, only when signed in. */
function AreaNavLinks({ ctx }: { ctx: AreaContext }) {
  const items = AREAS.flatMap((area) => (area.useNav ? area.useNav(ctx) : []));
  return (
    <>
      {items.map((item) => (
        <Link key={item.href} href={item.href} aria-current={item.current ? 'page' : undefined}>
          {item.label}
        </Link>
      ))}
    </>
  );
}
