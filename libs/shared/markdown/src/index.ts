export * from './markdown.ast';
export * from './safe-url';
export { parseInlines, normaliseHashtag } from './inline.parser';
export { parseBlocks } from './block.parser';
export { serializeMarkdown } from './markdown.serializer';
export { normaliseDocument } from './markdown.normalise';
export * from './sanitize-markdown';
export * from './html.renderer';
export * from './plain-text';
