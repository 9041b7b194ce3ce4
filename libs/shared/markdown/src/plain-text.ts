import { parseBlocks } from './block.parser';
import { defaultMentionName, inlinePlainText, type Block, type MentionRef } from './markdown.ast';

/**
 * Readable text of stored Markdown (search indexing, notification snippets, edit comparison):
 * markup and escapes gone, one line per line, blocks separated by a blank line.
 */
export function markdownToPlainText(markdown: string, mentionName: (ref: MentionRef) => string = defaultMentionName): string {
  const block = (b: Block): string => {
    switch (b.t) {
      case 'paragraph':
      case 'heading':
        return inlinePlainText(b.children, mentionName);
      case 'code-block':
        return b.value;
      case 'quote':
        return b.children.map(block).join('\n\n');
      case 'list':
        return b.items.map((item) => inlinePlainText(item, mentionName)).join('\n');
    }
  };
  return parseBlocks(markdown, { headings: true, attachmentIds: new Set() }).map(block).join('\n\n');
}
