import { sanitizeMarkdown } from '@plein/shared/markdown';

/**
 * A bio as stored: the platform's Markdown subset (@plein/shared/markdown, the feed's sanitiser),
 * written back canonically: no raw HTML, no headings, no embedded images (a bio has no
 * attachments), only http(s) links, `@[id]` mentions kept as they are. Pure.
 */
export const sanitizeBio = (markdown: string): string => sanitizeMarkdown(markdown, { headings: false }).markdown;
