/** C0/C1 control characters except tab and newline (one class: linear). */
// eslint-disable-next-line no-control-regex -- the point is to remove them
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;
const CRLF = /\r\n?/g;
const BLANK_RUNS = /\n{3,}/g;

/**
 * The bio as stored: Markdown source with line breaks normalised, control characters removed and
 * at most one blank line in a row. It is served as Markdown source; clients render it with the
 * platform's safe Markdown renderer (never as HTML).
 */
export const sanitizeBio = (markdown: string): string => markdown.replace(CRLF, '\n').replace(CONTROL, '').replace(BLANK_RUNS, '\n\n').trim();
