import { Fragment, useMemo, type ReactNode } from 'react';
import { Link } from 'react-aria-components';
import { useI18n } from '../i18n';
import { useDisplayName } from '../names';
import { hrefOf } from '../router';
import { parseInlines, parseMarkdown, type Block, type Inline } from './markdown';
import { personHref } from './PersonLink';
import './post.css';

/** A mention: the person's display name, linking to their profile. */
function Mention({ userId }: { userId: string }) {
  const { t } = useI18n();
  const name = useDisplayName(userId);
  return (
    <Link href={personHref(userId)} className="mention">
      @{name ?? t('someone')}
    </Link>
  );
}

function inlines(nodes: readonly Inline[]): ReactNode[] {
  return nodes.map((node, k) => {
    switch (node.t) {
      case 'text':
        return <Fragment key={k}>{node.v}</Fragment>;
      case 'br':
        return <br key={k} />;
      case 'em':
        return <em key={k}>{inlines(node.c)}</em>;
      case 'strong':
        return <strong key={k}>{inlines(node.c)}</strong>;
      case 'code':
        return <code key={k}>{node.v}</code>;
      case 'link':
        // Another site (or mail): a plain anchor that gives the target no access to this page.
        return (
          <a key={k} href={node.href} rel="noopener noreferrer" target={node.href.startsWith('mailto:') ? undefined : '_blank'}>
            {inlines(node.c)}
          </a>
        );
      case 'mention':
        return <Mention key={k} userId={node.id} />;
      case 'hashtag':
        return (
          <Link key={k} href={hrefOf.hashtag(node.tag)} className="hashtag">
            #{node.tag}
          </Link>
        );
    }
  });
}

function blocks(list: readonly Block[]): ReactNode[] {
  return list.map((block, k) => {
    switch (block.t) {
      case 'p':
        return <p key={k}>{inlines(block.c)}</p>;
      case 'h': {
        const Heading = `h${block.level}` as const;
        return <Heading key={k}>{inlines(block.c)}</Heading>;
      }
      case 'pre':
        return (
          <pre key={k}>
            <code>{block.v}</code>
          </pre>
        );
      case 'quote':
        return <blockquote key={k}>{blocks(block.c)}</blockquote>;
      case 'list': {
        const items = block.items.map((item, j) => <li key={j}>{inlines(item)}</li>);
        return block.ordered ? (
          <ol key={k} start={block.start}>
            {items}
          </ol>
        ) : (
          <ul key={k}>{items}</ul>
        );
      }
    }
  });
}

/** A mention inside plain text (a heading that is itself a link): the name without a link. */
function MentionName({ userId }: { userId: string }) {
  const { t } = useI18n();
  const name = useDisplayName(userId);
  return <>@{name ?? t('someone')}</>;
}

function plain(nodes: readonly Inline[]): ReactNode[] {
  return nodes.map((node, k) => {
    switch (node.t) {
      case 'text':
      case 'code':
        return <Fragment key={k}>{node.v}</Fragment>;
      case 'br':
        return <Fragment key={k}> </Fragment>;
      case 'mention':
        return <MentionName key={k} userId={node.id} />;
      case 'hashtag':
        return <Fragment key={k}>#{node.tag}</Fragment>;
      default:
        return <Fragment key={k}>{plain(node.c)}</Fragment>;
    }
  });
}

/** One line of Markdown as plain text (no links, no emphasis), mentions by name: for headings and summaries. */
export function PlainLine({ source }: { source: string }) {
  const nodes = useMemo(() => parseInlines(source), [source]);
  return <>{plain(nodes)}</>;
}

/** The feed's Markdown as React elements (never HTML strings): see markdown.ts for the subset. */
export function Markdown({ source, className }: { source: string; className?: string }) {
  const parsed = useMemo(() => parseMarkdown(source), [source]);
  return <div className={className ?? 'body markdown'}>{blocks(parsed)}</div>;
}
