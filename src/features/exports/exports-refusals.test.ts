import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { signedInClient } from '../../../test/helpers/client.js';
import { readPage } from '../../../test/helpers/html.js';
import { call, type ExportsWorld } from '../../../test/helpers/exports-world.js';
import { parseCsv } from '../../lib/csv.js';
import { newId } from '../../lib/ids.js';
import { exportsTests } from './exports.fixture.js';

// Exports refused (an unknown format or option, another partnership’s review), stored times in UK time,
// and downloads from the signed-in pages.
const fx = exportsTests();
const { exportOf } = fx;
let w: ExportsWorld;
let reviewId: string;
beforeAll(() => {
  ({ w, reviewId } = fx.world);
});

describe('GET /api/v1/reviews/:id/export', () => {
  it('answers 400 for an unknown format or option, and 404 for another partnership’s review', async () => {
    const bad = await exportOf('odt');
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toEqual({
      error: { status: 400, message: 'format must be one of docx, xlsx, pdf, csv or json' },
    });
    expect((await exportOf('csv', '&round=9')).statusCode).toBe(400);
    expect((await exportOf('csv', '&table=people')).statusCode).toBe(400);
    expect((await exportOf('pdf', '&files=include')).statusCode).toBe(400);
    const foreign = await call(w, `/api/v1/reviews/${reviewId}/export?format=json`, w.tokens.foreign);
    expect(foreign.statusCode).toBe(404);
    const missing = await call(w, `/api/v1/reviews/nope/export?format=json`, w.tokens.a);
    expect(missing.statusCode).toBe(404);
  });

  it('writes stored times in UK time: the spreadsheet’s clock and the progress notes’ days (00:30 BST is the next day)', async () => {
    const db = w.t.testDb.db;
    const action = await db
      .selectFrom('action')
      .select('id')
      .where('review_id', '=', reviewId)
      .orderBy('number')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('action_progress')
      .values({
        id: newId(),
        organisation_id: w.orgA.id,
        action_id: action.id,
        note: 'Late-night note',
        created_at: '2026-06-30T23:30:00.000Z',
        created_by: null,
      })
      .execute();
    const record = await db
      .selectFrom('marker_record')
      .innerJoin('assessment_round', 'assessment_round.id', 'marker_record.round_id')
      .select(['marker_record.id', 'marker_record.updated_at'])
      .where('assessment_round.review_id', '=', reviewId)
      .executeTakeFirstOrThrow();
    const setUpdated = (at: string) =>
      db.updateTable('marker_record').set({ updated_at: at }).where('id', '=', record.id).execute();
    await setUpdated('2026-06-30T23:30:00.000Z');

    const csvRows = parseCsv((await exportOf('csv', '&table=actions')).body).rows;
    expect(csvRows.flat().filter((c) => c.includes('Late-night note'))).toEqual([
      expect.stringContaining('2026-07-01: Late-night note'),
    ]);

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await exportOf('xlsx')).rawPayload as unknown as ArrayBuffer);
    const column = (sheet: ExcelJS.Worksheet, header: string) => (sheet.getRow(1).values as unknown[]).indexOf(header);
    const markersSheet = wb.getWorksheet('Markers')!;
    const changed = markersSheet.getColumn(column(markersSheet, 'Last changed')).values as unknown[];
    // A spreadsheet has no time zones: the cell holds the time UK clocks showed, 00:30 on 1 July.
    expect(changed.filter((v) => v instanceof Date && v.toISOString().startsWith('2026-0'))).toEqual([
      new Date('2026-07-01T00:30:00.000Z'),
    ]);
    const actionsSheet = wb.getWorksheet('Actions')!;
    const notes = actionsSheet.getColumn(column(actionsSheet, 'Progress notes')).values as unknown[];
    expect(notes.filter((v) => String(v).includes('Late-night note'))).toEqual([
      expect.stringContaining('2026-07-01: Late-night note'),
    ]);
    await setUpdated(record.updated_at);
  });
});

describe('GET /reviews/:id/export for signed-in pages', () => {
  it('downloads with the session, and shows GOV.UK error pages for 400 and 404', async () => {
    const db = w.t.testDb.db;
    const client = await signedInClient(w.t.app, db, w.manager, w.orgA.id);
    const show = readPage((await client.get(`/reviews/${reviewId}`)).body);
    expect(show.root.querySelectorAll('a[href*="/export?"]').map((a) => a.getAttribute('href'))).toEqual(
      ['docx', 'xlsx', 'pdf', 'csv', 'csv&table=actions', 'json'].map((f) => `/reviews/${reviewId}/export?format=${f}`),
    );
    const res = await client.get(`/reviews/${reviewId}/export?format=xlsx`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toBe('attachment; filename="LCSPR-2026-01.xlsx"');
    const bad = await client.get(`/reviews/${reviewId}/export?format=odt`);
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toContain('text/html');
    expect(bad.body).toContain('format must be one of docx, xlsx, pdf, csv or json');
    const outsider = await signedInClient(w.t.app, db, w.manager, w.orgB.id);
    const foreign = await outsider.get(`/reviews/${reviewId}/export?format=xlsx`);
    expect(foreign.statusCode).toBe(404);
    expect(foreign.body).toContain('Page not found');
  });
});
