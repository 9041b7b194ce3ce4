import { Link } from 'react-aria-components';
import type { Me, Post } from '../api';
import { useI18n, type MessageKey } from '../i18n';
import { hrefOf } from '../router';

export function authorName(post: { authorId: string }, me: Me, t: (key: MessageKey) => string): string {
  return post.authorId === me.id ? t('you') : t('someone');
}

export function formatDate(iso: string, lang: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString(lang === 'nl' ? 'nl-NL' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short' });
}

/** One post in a timeline: its heading links to the post page. */
export function PostCard({ post, me }: { post: Post; me: Me }) {
  const { t, lang } = useI18n();
  const headingId = `post-${post.id}`;
  const heading = post.title?.trim() || post.body.split('\n')[0]!.slice(0, 80) || t('openPost');
  return (
    <article className="card post" aria-labelledby={headingId}>
      <p className="meta">
        <span className="kind">{t(`kinds_${post.kind}` as MessageKey)}</span> · {authorName(post, me, t)} · <time dateTime={post.createdAt}>{formatDate(post.createdAt, lang)}</time>
      </p>
      <h2 id={headingId}>
        <Link href={hrefOf.post(post.id)}>{heading}</Link>
      </h2>
      {post.notice === 'hidden-by-moderation' && <p className="notice">{t('hiddenByModeration')}</p>}
      {post.title && <p className="body">{post.body}</p>}
      {!post.title && post.body.includes('\n') && <p className="body">{post.body}</p>}
      <Hashtags tags={post.hashtags} />
      <p className="meta">{t('comments', { n: post.counts.comments })}</p>
    </article>
  );
}

export function Hashtags({ tags }: { tags: readonly string[] }) {
  if (tags.length === 0) return null;
  return (
    <ul className="tags">
      {tags.map((tag) => (
        <li key={tag}>
          <Link href={hrefOf.hashtag(tag)}>#{tag}</Link>
        </li>
      ))}
    </ul>
  );
}
