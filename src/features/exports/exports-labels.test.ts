import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { markers, squash, exportsTests } from './exports.fixture.js';

// Issue 17 §6: documents a board reads say things in words, never the product's keys.
const fx = exportsTests();
const { tmp, exportOf } = fx;

/** Keys that could never be prose: the review type key, a key date's name, and the framework's hyphenated marker keys. */
const KEYS = ['local-cspr', 'rapidReview', ...markers.map((m) => m.key).filter((k) => k.includes('-'))];

function expectPlain(text: string) {
  for (const key of KEYS) expect(text.includes(key), `no key "${key}"`).toBe(false);
  expect(text).not.toMatch(/: None\b/);
  expect(text).not.toMatch(/Key date \(/);
  expect(text).toContain('Local child safeguarding practice review');
}

describe('exports in plain words', () => {
  it('Word', async () => {
    const zip = await JSZip.loadAsync((await exportOf('docx')).rawPayload);
    const body = (await zip.file('word/document.xml')!.async('string')).replace(/<[^>]+>/g, ' ');
    expectPlain(squash(body));
  });

  it('Word keeps typed lists as Word lists, never lines starting "-"', async () => {
    const db = fx.world.w.t.testDb.db;
    const rationale = 'The panel found:\n- no plan\n- no review of it\n\nNext:\n1. Write a plan.\n2. Check it.';
    await db.updateTable('marker_record').set({ rationale }).where('marker_key', '=', markers[0]!.key).execute();
    const zip = await JSZip.loadAsync((await exportOf('docx')).rawPayload);
    const doc = await zip.file('word/document.xml')!.async('string');
    const paragraphs = doc.split('</w:p>').map((p) => ({
      list: p.includes('<w:numPr>'),
      text: p.replace(/<[^>]+>/g, '').trim(),
    }));
    const listed = paragraphs.filter((p) => p.list).map((p) => p.text);
    for (const item of ['no plan', 'no review of it', 'Write a plan.', 'Check it.']) expect(listed).toContain(item);
    expect(paragraphs.filter((p) => /^- /.test(p.text))).toEqual([]);
    const numbering = await zip.file('word/numbering.xml')!.async('string');
    expect(numbering).toContain('w:val="bullet"');
    expect(numbering).toContain('w:val="decimal"');
  });

  it('PDF', async () => {
    const file = join(tmp, 'labels.pdf');
    writeFileSync(file, (await exportOf('pdf')).rawPayload);
    expectPlain(squash(execFileSync('/usr/bin/pdftotext', [file, '-'], { encoding: 'utf8' })));
  });

  it('Excel', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await exportOf('xlsx')).rawPayload as unknown as ArrayBuffer);
    const cells: string[] = [];
    for (const sheet of wb.worksheets) {
      sheet.eachRow((row) =>
        row.eachCell((cell) => {
          if (typeof cell.value === 'string') cells.push(cell.value);
        }),
      );
    }
    expectPlain(cells.join(' | '));
  });

  it('CSV of actions names markers by number and title', async () => {
    const csv = (await exportOf('csv', '&table=actions')).body;
    for (const key of KEYS) expect(csv.includes(key), `no key "${key}"`).toBe(false);
  });
});
