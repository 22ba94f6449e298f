/** Pure text helpers for framework prose: escaping, paragraphs and bullet lists, highlighting. */

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

export type Block = { kind: 'paragraph'; text: string } | { kind: 'list'; items: string[] };

/** Splits framework text into blocks: paragraphs are separated by blank lines; "- " lines make a list. */
export function toBlocks(text: string): Block[] {
  const blocks: Block[] = [];
  for (const chunk of text.trim().split(/\n\s*\n/)) {
    const lines = chunk
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean);
    let para: string[] = [];
    let items: string[] = [];
    const flushPara = () => {
      if (para.length) blocks.push({ kind: 'paragraph', text: para.join(' ') });
      para = [];
    };
    const flushList = () => {
      if (items.length) blocks.push({ kind: 'list', items });
      items = [];
    };
    for (const line of lines) {
      if (line.startsWith('- ')) {
        flushPara();
        items.push(line.slice(2).trim());
      } else if (items.length && !para.length) {
        // a continuation of the previous bullet
        items[items.length - 1] += ` ${line}`;
      } else {
        flushList();
        para.push(line);
      }
    }
    flushPara();
    flushList();
  }
  return blocks;
}

/** Framework text as escaped GOV.UK-styled HTML. `mark` wraps matched words when searching. */
export function textToHtml(text: string, mark: (s: string) => string = escapeHtml): string {
  return toBlocks(text)
    .map((b) =>
      b.kind === 'paragraph'
        ? `<p class="govuk-body">${mark(b.text)}</p>`
        : `<ul class="govuk-list govuk-list--bullet">${b.items.map((i) => `<li>${mark(i)}</li>`).join('')}</ul>`,
    )
    .join('\n');
}

/** Escapes text and wraps each occurrence of any term (case-insensitive) in <mark>. */
export function highlight(text: string, terms: readonly string[]): string {
  const usable = terms.filter((t) => t.length > 0);
  if (!usable.length) return escapeHtml(text);
  const pattern = new RegExp(`(${usable.map(escapeRegExp).join('|')})`, 'gi');
  return text
    .split(pattern)
    .map((part, i) => (i % 2 === 1 ? `<mark>${escapeHtml(part)}</mark>` : escapeHtml(part)))
    .join('');
}

export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
