import { useEffect, useState } from 'react';
import { Link } from 'react-aria-components';
import { call, feedPath, type Comment, type Page, type Post } from '../../api';
import { useI18n } from '../../i18n';
import { hrefOf } from '../../router';
import type { QueueItem } from './api';
import { excerpt } from './logic';

type Preview = { state: 'loading' } | { state: 'text'; title?: string; body: string } | { state: 'none' };

/**
 * The reported content as the moderator may see it in the feed (hidden content stays visible to
 * moderators, with its notice). A comment is looked for in the first 100 comments of its post; a
 * profile has no text here, only its link.
 */
export function ContentPreview({ item, full = false }: { item: Pick<QueueItem, 'contentType' | 'contentId' | 'postId'>; full?: boolean }) {
  const { t } = useI18n();
  const [preview, setPreview] = useState<Preview>({ state: 'loading' });
  useEffect(() => {
    const controller = new AbortController();
    const signal = controller.signal;
    const load = async (): Promise<Preview> => {
      if (item.contentType === 'post') {
        const post = await call<Post>('GET', feedPath(`/v1/posts/${encodeURIComponent(item.contentId)}`), { signal });
        return { state: 'text', ...(post.title ? { title: post.title } : {}), body: post.body };
      }
      if (item.contentType === 'comment' && item.postId) {
        const page = await call<Page<Comment>>('GET', feedPath(`/v1/posts/${encodeURIComponent(item.postId)}/comments`, { limit: 100 }), { signal });
        const comment = page.items.find((c) => c.id === item.contentId);
        return comment ? { state: 'text', body: comment.body } : { state: 'none' };
      }
      return { state: 'none' };
    };
    load()
      .then(setPreview)
      .catch(() => !signal.aborted && setPreview({ state: 'none' }));
    return () => controller.abort();
  }, [item.contentType, item.contentId, item.postId]);

  return (
    <div>
      {preview.state === 'loading' && <p className="meta">{t('modPreviewLoading')}</p>}
      {preview.state === 'text' && (
        <blockquote className="mod-preview">
          {preview.title && <strong>{preview.title}</strong>}
          {preview.title && <br />}
          {full ? preview.body : excerpt(preview.body)}
        </blockquote>
      )}
      {preview.state === 'none' && item.contentType !== 'profile' && <p className="meta">{t('modPreviewUnavailable')}</p>}
      {item.contentType === 'post' && full && <Link href={hrefOf.post(item.contentId)}>{t('modOpenPost')}</Link>}
      {item.contentType === 'comment' && item.postId && full && <Link href={hrefOf.post(item.postId)}>{t('modCommentOn')}</Link>}
      {item.contentType === 'profile' && <Link href={`/people/${encodeURIComponent(item.contentId)}`}>{t('modOpenProfile')}</Link>}
    </div>
  );
}
