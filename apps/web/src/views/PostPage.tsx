import { lazy, Suspense } from 'react';
import type { Me } from '../api';
import { useI18n } from '../i18n';

/** The post page loads as its own chunk (calls to action, polls, the comment form): the timeline does not carry it. */
const PostPageView = lazy(() => import('../post/PostPageView'));

/** A post with its call to action, reactions, comments and report actions (post/PostPageView.tsx). */
export function PostPage({ postId, me }: { postId: string; me: Me }) {
  const { t } = useI18n();
  return (
    <Suspense fallback={<p role="status">{t('loading')}</p>}>
      <PostPageView postId={postId} me={me} />
    </Suspense>
  );
}
