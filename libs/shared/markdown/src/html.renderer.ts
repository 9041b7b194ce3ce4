import { defaultMentionName, type Block, type Inline, type MarkdownDocument, type MentionRef } from './markdown.ast';
import { safeUrl } from './safe-url';

export interface HtmlRenderOptions {
  /** URL of an attachment (images). Default `/attachments/<id>`. */
  readonly attachmentUrl?: (attachmentId: string) => string;
  /** Display name of a mentioned person. Default: the handle or id. */
  readonly mentionName?: (ref: MentionRef) => string;
  /** Link target of a hashtag. Default `/hashtags/<tag>`. */
  readonly hashtagUrl?: (tag: string) => string;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

/**
 * Renders the subset to HTML (for e-mail digests, previews and clients without a Markdown
 * renderer). Every text and attribute is escaped; link targets pass safeUrl again, so even a
 * hand-built tree cannot produce a script URL. Elements: p h2-h4 pre code blockquote ul ol li
 * em strong a img br span.
 */
export function renderHtml(doc: MarkdownDocument, options: HtmlRenderOptions = {}): string {
  const o = {
    attachmentUrl: options.attachmentUrl ?? ((id: string) => `/attachments/${encodeURIComponent(id)}`),
    mentionName: options.mentionName ?? defaultMentionName,
    hashtagUrl: options.hashtagUrl ?? ((tag: string) => `/hashtags/${encodeURIComponent(tag)}`),
  };
  const inline = (nodes: readonly Inline[]): string => nodes.map((n) => renderInline(n, o, inline)).join('');
  const block = (b: Block): string => {
    switch (b.t) {
      case 'paragraph':
        return `<p>${inline(b.children)}</p>`;
      case 'heading':
        // The article title is the page's h1; body headings start at h2.
        return `<h${b.level + 1}>${inline(b.children)}</h${b.level + 1}>`;
      case 'code-block':
        return `<pre><code${b.lang ? ` class="language-${escapeHtml(b.lang)}"` : ''}>${escapeHtml(b.value)}</code></pre>`;
      case 'quote':
        return `<blockquote>${b.children.map(block).join('')}</blockquote>`;
      case 'list': {
        const tag = b.ordered ? 'ol' : 'ul';
        const start = b.ordered && b.start !== 1 ? ` start="${b.start}"` : '';
        return `<${tag}${start}>${b.items.map((item) => `<li>${inline(item)}</li>`).join('')}</${tag}>`;
      }
    }
  };
  return doc.blocks.map(block).join('\n');
}

type Resolved = Required<HtmlRenderOptions>;

function renderInline(n: Inline, o: Resolved, inline: (nodes: readonly Inline[]) => string): string {
  switch (n.t) {
    case 'text':
      return escapeHtml(n.value);
    case 'code':
      return `<code>${escapeHtml(n.value)}</code>`;
    case 'em':
      return `<em>${inline(n.children)}</em>`;
    case 'strong':
      return `<strong>${inline(n.children)}</strong>`;
    case 'link':
    case 'autolink': {
      const href = safeUrl(n.href);
      const text = n.t === 'link' ? inline(n.children) : escapeHtml(n.href.replace(/^mailto:/, ''));
      return href ? `<a href="${escapeHtml(href)}" rel="nofollow noopener noreferrer">${text}</a>` : text;
    }
    case 'image': {
      const src = o.attachmentUrl(n.attachmentId);
      // The resolver is trusted configuration, but only same-origin paths and http(s) are emitted.
      const safeSrc = src.startsWith('/') && !src.startsWith('//') ? src : safeUrl(src);
      return safeSrc ? `<img src="${escapeHtml(safeSrc)}" alt="${escapeHtml(n.alt)}">` : escapeHtml(n.alt);
    }
    case 'mention': {
      const id = n.ref.kind === 'id' ? ` data-user-id="${escapeHtml(n.ref.id)}"` : '';
      return `<span class="mention"${id}>@${escapeHtml(o.mentionName(n.ref))}</span>`;
    }
    case 'hashtag': {
      const href = o.hashtagUrl(n.tag);
      const safeHref = href.startsWith('/') && !href.startsWith('//') ? href : safeUrl(href);
      const text = `#${escapeHtml(n.raw)}`;
      return safeHref ? `<a class="hashtag" href="${escapeHtml(safeHref)}">${text}</a>` : text;
    }
    case 'break':
      return '<br>';
  }
}
