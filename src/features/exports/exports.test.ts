import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ExportsWorld } from '../../../test/helpers/exports-world.js';
import { TINY_PNG } from '../../../test/helpers/review-content.js';
import { parseCsv } from '../../lib/csv.js';
import { reviewExportSchema, type ReviewExport } from './review-export.schema.js';
import { markers, xml, squash, has, exportsTests, type ExportsTestWorld } from './exports.fixture.js';

// The review exported as JSON, Word, Excel, PDF and CSV, and each export audited (after all five).
const fx = exportsTests();
const { tmp, exportOf } = fx;
let w: ExportsWorld;
let reviewId: string;
let saved: ExportsTestWorld['saved'];
beforeAll(() => {
  ({ w, reviewId, saved } = fx.world);
});

describe('GET /api/v1/reviews/:id/export', () => {
  it('sends the whole review as JSON that matches the published schema', async () => {
    const res = await exportOf('json');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename="LCSPR-2026-01.json"');
    const doc: ReviewExport = reviewExportSchema.parse(res.json());
    expect(doc.partnership.name).toBe(w.orgA.name);
    expect(doc.team).toEqual([{ name: w.manager.name, email: w.manager.email, role: 'business-manager' }]);
    expect(doc.rounds.map((r) => r.number)).toEqual([1, 2]);
    for (const s of saved) {
      const record = doc.rounds[s.round - 1]!.markers.find((m) => m.markerKey === s.markerKey)!;
      expect(record.judgement).toBe(s.judgement);
      expect(record.owner).toBe(w.manager.name);
    }
    const first = doc.rounds[0]!.markers[0]!;
    expect(first.answers.slice(0, 2).map((a) => a.note)).toEqual(
      markers[0]!.questions.slice(0, 2).map((q) => `Note on ${q.key} in round 1`),
    );
    expect(first.evidence.map((e) => [e.kind, e.title])).toEqual([
      ['link', 'Chronology'],
      ['file', 'Family tree'],
    ]);
    expect(first.evidence[1]!.content).toBeUndefined();
    expect(first.comments[0]!.body).toBe('Check the health visitor’s records');
    expect(doc.findings).toHaveLength(3);
    expect(doc.findings[0]!.themes).toEqual(['Information sharing LCSPR 2026/01']);
    expect(doc.actions).toHaveLength(6);
    expect(doc.actions[1]!.progress.map((p) => p.note)).toEqual(['Progress on 2']);
    expect(doc.writtenResponse!.actionIds).toEqual(doc.actions.slice(0, 2).map((a) => a.id));
    expect(doc.review.timescales.map((t) => t.key)).toEqual([
      'notification',
      'rapid-review',
      'panel-response',
      'panel-told',
      'report-to-panel',
      'publication',
    ]);
    const types = new Set(doc.history.map((h) => h.recordType));
    expect([...types].sort()).toEqual(['action', 'marker_record', 'question_response']);
    const older = doc.history.find((h) => h.recordType === 'action')!;
    expect(older.data).toMatchObject({ title: 'An older title', created_by: w.manager.name });
    expect(older.data).not.toHaveProperty('id');
  });

  it('includes evidence files, base64-encoded, with ?files=include', async () => {
    const doc = reviewExportSchema.parse((await exportOf('json', '&files=include')).json());
    const file = doc.rounds[0]!.markers[0]!.evidence.find((e) => e.kind === 'file')!;
    expect(Buffer.from(file.content!, 'base64').equals(TINY_PNG)).toBe(true);
  });

  it('writes a Word document with the logo, a contents list, every marker and every saved judgement', async () => {
    const res = await exportOf('docx');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(res.headers['content-disposition']).toBe('attachment; filename="LCSPR-2026-01.docx"');
    const zip = await JSZip.loadAsync(res.rawPayload);
    const body = await zip.file('word/document.xml')!.async('string');
    has(body, xml(w.orgA.name));
    expect(/TOC \\h \\o/.test(body), 'a TOC field').toBe(true);
    expect(Object.keys(zip.files).some((f) => f.startsWith('word/media/') && f.endsWith('.png'))).toBe(true);
    for (const m of markers) has(body, xml(`${m.number}. ${m.title}`));
    // After the contents list, which names every heading too.
    const main = body.slice(body.indexOf('</w:sdtContent>'));
    const round1 = main.slice(main.indexOf('Round 1: '), main.indexOf('Round 2: '));
    const round2 = main.slice(main.indexOf('Round 2: '));
    for (const s of saved) {
      const part = s.round === 1 ? round1 : round2;
      const at = part.indexOf(xml(`${markers.find((m) => m.key === s.markerKey)!.number}. ${s.title}`));
      has(part.slice(at, at + 3000), xml(s.label));
    }
    has(body, 'Action 6: send the letter to the family');
    has(body, 'The partnership accepts the findings.');
    has(round1, 'not part of the published markers: judgements are the partnership');
  });

  it('writes an Excel workbook whose sheets hold every marker, answer, evidence item, finding and action', async () => {
    const res = await exportOf('xlsx');
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets.map((s) => s.name)).toEqual([
      'Review summary',
      'Statutory path',
      'Markers',
      'Questions',
      'Evidence index',
      'Findings',
      'Actions',
    ]);
    const about = wb.getWorksheet('Review summary')!.getSheetValues() as unknown[][];
    expect(
      about.some((r) => r?.[1] === 'Judgements' && String(r[2]).includes("judgements are the partnership's own")),
    ).toBe(true);
    const sheet = wb.getWorksheet('Markers')!;
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet.autoFilter).toBeTruthy();
    const rows = sheet.getSheetValues().slice(2) as unknown[][];
    expect(rows).toHaveLength(saved.length);
    for (const s of saved) {
      expect(rows.some((r) => r[1] === s.round && r[4] === s.title && r[5] === s.label)).toBe(true);
    }
    expect(wb.getWorksheet('Questions')!.rowCount).toBe(1 + 2 * markers.flatMap((m) => m.questions).length);
    expect(wb.getWorksheet('Evidence index')!.rowCount).toBe(3);
    expect(wb.getWorksheet('Findings')!.rowCount).toBe(4);
    const actions = wb.getWorksheet('Actions')!;
    expect(actions.rowCount).toBe(7);
    expect(actions.getCell('I2').value).toBeInstanceOf(Date);
    expect((actions.getCell('I2').value as Date).toISOString().slice(0, 10)).toBe('2026-01-15');
  });

  it('writes a tagged PDF whose text holds every marker and every saved judgement', async () => {
    const res = await exportOf('pdf');
    expect(res.headers['content-type']).toBe('application/pdf');
    const file = join(tmp, 'review.pdf');
    writeFileSync(file, res.rawPayload);
    const text = squash(execFileSync('/usr/bin/pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }));
    has(text, w.orgA.name);
    for (const m of markers) has(text, squash(`${m.number}. ${m.title}`));
    const round2 = text.indexOf('Round 2: ');
    for (const s of saved) {
      const part = s.round === 1 ? text.slice(0, round2) : text.slice(round2);
      const at = part.indexOf(squash(`${markers.find((m) => m.key === s.markerKey)!.number}. ${s.title}`));
      has(part.slice(at, at + 600), `Judgement: ${s.label}`);
    }
    has(text, 'Action 6: send the letter to the family');
    has(text, 'not part of the published markers: judgements are the partnership');
    const info = execFileSync('/usr/bin/pdfinfo', [file], { encoding: 'utf8' });
    expect(info).toMatch(/Tagged:\s+yes/);
    expect(info).toMatch(/Title:\s+LCSPR 2026\/01/);
    // The partnership's PNG logo is on the title page (poppler lists the images of page 1).
    const images = execFileSync('/usr/bin/pdfimages', ['-list', '-f', '1', '-l', '1', file], { encoding: 'utf8' });
    // (an image with transparency is listed twice: the picture, then its soft mask)
    expect(
      images
        .trim()
        .split('\n')
        .slice(2)
        .filter((line) => /^\s*1\s+\d+\s+image\b/.test(line)),
    ).toHaveLength(1);
  });

  it('sets text beyond Latin-1 in the PDF as it was typed', async () => {
    const title = 'Łódź and Cluj-Napoca: Ștefan’s school — α ≥ β, Жанна ✓';
    const review = () => w.t.testDb.db.updateTable('review').where('id', '=', reviewId);
    const before = await w.t.testDb.db
      .selectFrom('review')
      .select('title')
      .where('id', '=', reviewId)
      .executeTakeFirstOrThrow();
    await review().set({ title }).execute();
    try {
      const file = join(tmp, 'unicode.pdf');
      writeFileSync(file, (await exportOf('pdf')).rawPayload);
      has(squash(execFileSync('/usr/bin/pdftotext', [file, '-'], { encoding: 'utf8' })), title);
      // That text's font is embedded (a subset), so every reader shows the same glyphs.
      const fonts = execFileSync('/usr/bin/pdffonts', [file], { encoding: 'utf8' });
      expect(fonts).toMatch(/DejaVuSans.*\byes\s+yes\b/);
      expect(fonts, 'the rest stays in the standard font').toMatch(/Helvetica/);
    } finally {
      await review().set({ title: before.title }).execute();
    }
  });

  it('writes CSV: one row per marker of the latest round or a named one, or one row per action', async () => {
    const latest = await exportOf('csv');
    expect(latest.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(latest.headers['content-disposition']).toBe('attachment; filename="LCSPR-2026-01-markers-round-2.csv"');
    const { rows, problems } = parseCsv(latest.body);
    expect(problems).toEqual([]);
    expect(rows[0]!.slice(0, 8)).toEqual([
      'Review reference',
      'Round',
      'Round purpose',
      'Stage',
      'Marker number',
      'Marker key',
      'Marker',
      'Judgement',
    ]);
    expect(rows.slice(1).map((r) => [r[1], r[5], r[7]])).toEqual(
      markers.map((m) => {
        const s = saved.find((x) => x.round === 2 && x.markerKey === m.key)!;
        return ['2', m.key, s.label];
      }),
    );
    expect(rows[1]![11]).toContain('"quotes", commas');
    // The judgement scale is the product's, not the publishers': every judged row says so.
    expect(rows[0]!.at(-1)).toBe('About the judgement');
    expect(rows.slice(1).every((r) => r.at(-1)!.includes("judgements are the partnership's own"))).toBe(true);

    const first = parseCsv((await exportOf('csv', '&round=1')).body).rows;
    expect(first.slice(1).every((r) => r[1] === '1')).toBe(true);

    const actions = await exportOf('csv', '&table=actions');
    expect(actions.headers['content-disposition']).toBe('attachment; filename="LCSPR-2026-01-actions.csv"');
    const a = parseCsv(actions.body).rows;
    expect(a).toHaveLength(7);
    expect(a[2]![4]).toBe(`'+Described, with "quotes"\nand a second line`);
    expect(a[2]![13]).toBe(`'@critical friend: check again`);
    expect(a[1]![5]).toBe('');
    expect(a[2]![5]).toBe('Recommendation 1');
  });

  it('audits every export with who, which review and which format', async () => {
    const events = await w.t.testDb.db
      .selectFrom('audit_event')
      .select(['user_id', 'object_id', 'detail', 'organisation_id'])
      .where('action', '=', 'review.exported')
      .execute();
    const formats = events.map((e) => (JSON.parse(e.detail!) as { format: string }).format);
    expect(new Set(formats)).toEqual(new Set(['json', 'docx', 'xlsx', 'pdf', 'csv']));
    for (const e of events)
      expect(e).toMatchObject({ user_id: w.manager.id, object_id: reviewId, organisation_id: w.orgA.id });
    expect(events.every((e) => !e.detail!.includes('Round'))).toBe(true);
  });
});
