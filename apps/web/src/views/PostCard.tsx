import { useEffect } from 'react';
import { Link } from 'react-aria-components';
import type { Me, Post } from '../api';
import { useI18n, type MessageKey } from '../i18n';
import type { PostDetail } from '../post/api';
import { rememberHashtags } from '../post/autocomplete';
import { CtaSummary } from '../post/CtaSummary';
import { Markdown, PlainLine } from '../post/Markdown';
import { PersonLink } from '../post/PersonLink';
import { hrefOf } from '../router';

/** "You" for the reader's own content, else the person's display name ("a colleague" until known), linking to their profile. */
export function AuthorName({ authorId, me }: { authorId: string; me: Me }) {
  return <PersonLink userId={authorId} me={me} />;
}

export function formatDate(iso: string, lang: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString(lang === 'nl' ? 'nl-NL' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short' });
}

/** One post in a timeline: its heading links to the post page. */
export function PostCard({ post, me }: { post: Post; me: Me }) {
  const { t, lang } = useI18n();
  const headingId = `post-${post.id}`;
  // Without a title the first line of the message heads the card, as plain text (mentions by name).
  const firstLine = post.body.split('\n')[0]!.slice(0, 120);
  const heading = post.title?.trim() ? post.title : firstLine.trim() ? <PlainLine source={firstLine} /> : t('openPost');
  return (
    <article className="card post" aria-labelledby={headingId}>
      <p className="meta">
        <span className="kind">{t(`kinds_${post.kind}` as MessageKey)}</span> · <AuthorName authorId={post.authorId} me={me} /> · <time dateTime={post.createdAt}>{formatDate(post.createdAt, lang)}</time>
      </p>
      <h2 id={headingId}>
        <Link href={hrefOf.post(post.id)}>{heading}</Link>
      </h2>
      {post.notice === 'hidden-by-moderation' && <p className="notice">{t('hiddenByModeration')}</p>}
      {(post.title || post.body.includes('\n')) && <Markdown source={post.body} />}
      <Hashtags tags={post.hashtags} />
      {/* The feed sends each post's call-to-action progress with the timeline. */}
      <CtaSummary post={post as unknown as PostDetail} />
      <p className="meta">{t('comments', { n: post.counts.comments })}</p>
    </article>
  );
}

export function Hashtags({ tags }: { tags: readonly string[] }) {
  // The composer offers the hashtags the reader has met.
  useEffect(() => rememberHashtags(tags), [tags]);
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
