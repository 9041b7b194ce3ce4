import {
  ATTACHMENTS_MAX,
  BODY_LIMITS,
  HASHTAGS_MAX,
  LINKS_MAX,
  MENTIONS_MAX,
  TITLE_MAX,
  type Attachment,
  type PostContent,
  type PostKind,
} from '@plein/feed/contracts';
import { isUuid } from '@plein/shared/kernel';
import type { FieldViolation } from '@plein/shared/kernel';
import { ERROR_CODES, FeedValidationError } from '../errors';
import { parseMarkdown, sanitizeMarkdown, type MentionRef, type ParsedMarkdown } from '../markdown';

/** Raw input is bounded before parsing so a hostile client cannot make the parser work hard. */
export const RAW_BODY_MAX = 100_000;

/**
 * Who a mention refers to, as the application looked it up in the users read model: keys are
 * lower-cased user names and user ids, values user ids. Deactivated users may be left out.
 */
export type MentionDirectory = ReadonlyMap<string, string>;

export const resolveWith =
  (directory: MentionDirectory) =>
  (ref: MentionRef): string | undefined =>
    directory.get(ref.kind === 'id' ? ref.id : ref.handle.toLowerCase());

export interface ContentInput {
  readonly title?: string;
  readonly body: string;
  readonly attachments?: readonly Attachment[];
}

/** Text of comments and agenda descriptions: sanitised, no headings, bounded; mentions resolved. */
export function buildText(body: string, maxLength: number, directory: MentionDirectory, field = 'body'): { body: string; mentions: string[] } {
  if (body.length > RAW_BODY_MAX) throw new FeedValidationError(ERROR_CODES.invalidContent, [{ field, message: `is longer than ${RAW_BODY_MAX} characters` }]);
  const sanitized = sanitizeMarkdown(body, { resolveMention: resolveWith(directory) });
  const violations: FieldViolation[] = [];
  if (codePoints(sanitized.markdown) > maxLength) violations.push({ field, message: `is longer than ${maxLength} characters` });
  if (sanitized.markdown === '') violations.push({ field, message: 'is empty' });
  if (sanitized.mentions.length > MENTIONS_MAX) violations.push({ field, message: `mentions more than ${MENTIONS_MAX} people` });
  if (violations.length) throw new FeedValidationError(ERROR_CODES.invalidContent, violations);
  return { body: sanitized.markdown, mentions: sanitized.mentions };
}

/**
 * A post's body parsed as buildPostContent parses it (headings in articles, images of its own
 * attachments), for the application to look up the mentions in and hand to the decider, so the
 * body is parsed once; undefined past the raw input cap (the decider refuses it unparsed).
 */
export function parsePostBody(kind: PostKind, input: ContentInput): ParsedMarkdown | undefined {
  if (input.body.length > RAW_BODY_MAX) return undefined;
  return parseMarkdown(input.body, { headings: kind === 'article', attachmentIds: (input.attachments ?? []).map((a) => a.id) });
}

/**
 * Sanitises and checks a post's content for its kind: the body limit of the kind (in code
 * points of the stored Markdown), a title for articles, headings only in articles, at most
 * HASHTAGS_MAX hashtags and MENTIONS_MAX mentions (more is spam), a body or an attachment.
 * Links beyond LINKS_MAX stay in the text but are not listed (the list feeds previews).
 * `parsed` (parsePostBody) is reused instead of parsing the body again when it fits.
 */
export function buildPostContent(kind: PostKind, input: ContentInput, directory: MentionDirectory, parsed?: ParsedMarkdown): PostContent {
  const violations: FieldViolation[] = [];
  const attachments = (input.attachments ?? []).map((a) => ({ ...a, id: a.id.toLowerCase(), mediaType: a.mediaType.toLowerCase() }));
  attachments.forEach((a, k) => {
    if (!isUuid(a.id)) violations.push({ field: `attachments[${k}].id`, message: 'is not a UUID' });
    if (!a.name.trim() || a.name.length > 255) violations.push({ field: `attachments[${k}].name`, message: 'must be 1-255 characters' });
    if (!/^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*$/.test(a.mediaType) || a.mediaType.length > 127) violations.push({ field: `attachments[${k}].mediaType`, message: 'is not a media type' });
    if (!Number.isInteger(a.size) || a.size < 0 || a.size > 10 * 1024 ** 3) violations.push({ field: `attachments[${k}].size`, message: 'must be 0 bytes to 10 GiB' });
  });
  if (attachments.length > ATTACHMENTS_MAX) violations.push({ field: 'attachments', message: `at most ${ATTACHMENTS_MAX}` });
  if (new Set(attachments.map((a) => a.id)).size !== attachments.length) violations.push({ field: 'attachments', message: 'contains an attachment twice' });
  const title = input.title?.replace(/\s+/g, ' ').trim();
  if (kind === 'article' && !title) violations.push({ field: 'title', message: 'an article needs a title' });
  if (title !== undefined && codePoints(title) > TITLE_MAX) violations.push({ field: 'title', message: `is longer than ${TITLE_MAX} characters` });
  if (input.body.length > RAW_BODY_MAX) violations.push({ field: 'body', message: `is longer than ${RAW_BODY_MAX} characters` });
  if (violations.length) throw new FeedValidationError(ERROR_CODES.invalidContent, violations);

  const sanitized = sanitizeMarkdown(input.body, { headings: kind === 'article', attachmentIds: attachments.map((a) => a.id), resolveMention: resolveWith(directory), ...(parsed ? { parsed } : {}) });
  const limit = BODY_LIMITS[kind];
  if (codePoints(sanitized.markdown) > limit) violations.push({ field: 'body', message: `is longer than ${limit} characters for a ${kind}` });
  if (sanitized.markdown === '' && attachments.length === 0) violations.push({ field: 'body', message: 'is empty (add text or an attachment)' });
  if (sanitized.hashtags.length > HASHTAGS_MAX) violations.push({ field: 'body', message: `has more than ${HASHTAGS_MAX} hashtags` });
  if (sanitized.mentions.length > MENTIONS_MAX) violations.push({ field: 'body', message: `mentions more than ${MENTIONS_MAX} people` });
  if (violations.length) throw new FeedValidationError(ERROR_CODES.invalidContent, violations);
  return {
    ...(title ? { title } : {}),
    body: sanitized.markdown,
    mentions: sanitized.mentions,
    hashtags: sanitized.hashtags,
    links: sanitized.links.slice(0, LINKS_MAX),
    attachments,
  };
}

export const codePoints = (s: string): number => {
  let n = 0;
  for (const _ of s) n++;
  return n;
};
