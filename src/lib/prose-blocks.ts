/**
 * Text people typed (a rationale, a finding, a written response) split into paragraphs and lists, for
 * documents that draw lists as lists (Word's list paragraphs, a PDF's tagged lists). Paragraphs are
 * separated by blank lines; lines starting "- ", "* " or "• " make a bulleted list, and lines starting
 * "1. " or "1) " a numbered one. A line that starts neither, right after an item, continues that item.
 */
export type ProseBlock = { kind: 'paragraph'; text: string } | { kind: 'list'; ordered: boolean; items: string[] };

const BULLET = /^[-*•]\s+(.*)$/;
const NUMBER = /^\d{1,3}[.)]\s+(.*)$/;

export function proseBlocks(text: string): ProseBlock[] {
  const blocks: ProseBlock[] = [];
  for (const chunk of text.trim().split(/\n\s*\n/)) {
    let para: string[] = [];
    let list: { ordered: boolean; items: string[] } | null = null;
    const flush = () => {
      if (para.length) blocks.push({ kind: 'paragraph', text: para.join(' ') });
      if (list) blocks.push({ kind: 'list', ...list });
      para = [];
      list = null;
    };
    for (const line of chunk.split('\n').map((l) => l.trim())) {
      if (!line) continue;
      const bullet = BULLET.exec(line);
      const number = bullet ? null : NUMBER.exec(line);
      const item = bullet?.[1] ?? number?.[1];
      if (item !== undefined) {
        const ordered = Boolean(number);
        if (para.length || (list && list.ordered !== ordered)) flush();
        list ??= { ordered, items: [] };
        list.items.push(item);
      } else if (list) {
        list.items[list.items.length - 1] += ` ${line}`;
      } else {
        para.push(line);
      }
    }
    flush();
  }
  return blocks;
}
