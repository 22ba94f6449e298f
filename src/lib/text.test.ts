import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeHtml, highlight, textToHtml, toBlocks } from './text.js';

describe('toBlocks', () => {
  it('splits paragraphs on blank lines and makes lists of "- " lines', () => {
    expect(toBlocks('First line\ncontinues.\n\n- one\n- two\n  more\n\nLast.')).toEqual([
      { kind: 'paragraph', text: 'First line continues.' },
      { kind: 'list', items: ['one', 'two more'] },
      { kind: 'paragraph', text: 'Last.' },
    ]);
  });
});

describe('textToHtml and highlight', () => {
  it('escape everything', () => {
    expect(textToHtml('<b>&</b>')).toBe('<p class="govuk-body">&lt;b&gt;&amp;&lt;/b&gt;</p>');
    expect(highlight('Family <script>', ['family', '<script>'])).toBe(
      '<mark>Family</mark> <mark>&lt;script&gt;</mark>',
    );
  });

  it('never let a tag through, whatever the text and terms', () => {
    fc.assert(
      fc.property(fc.string(), fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }), (text, terms) => {
        const html = highlight(text, terms).replace(/<\/?mark>/g, '');
        expect(html).not.toMatch(/[<>"]/);
        expect(escapeHtml(text)).not.toMatch(/[<>"']/);
      }),
    );
  });
});
