import { describe, expect, it } from 'vitest';
import { proseBlocks } from './prose-blocks.js';

describe('proseBlocks', () => {
  it('splits paragraphs, bulleted and numbered lists, and joins a wrapped item', () => {
    expect(
      proseBlocks(
        'The panel found:\n- no plan\n* no review\n  of the plan\n\n1. Write one.\n2) Check it.\n\nLast words.',
      ),
    ).toEqual([
      { kind: 'paragraph', text: 'The panel found:' },
      { kind: 'list', ordered: false, items: ['no plan', 'no review of the plan'] },
      { kind: 'list', ordered: true, items: ['Write one.', 'Check it.'] },
      { kind: 'paragraph', text: 'Last words.' },
    ]);
  });

  it('keeps plain text as one paragraph and gives nothing for blank text', () => {
    expect(proseBlocks('One line\nand the next')).toEqual([{ kind: 'paragraph', text: 'One line and the next' }]);
    expect(proseBlocks('  \n ')).toEqual([]);
    expect(proseBlocks('2026 was a year')).toEqual([{ kind: 'paragraph', text: '2026 was a year' }]);
  });
});
