// What the export tests (exports.test.ts, exports-refusals.test.ts) share: a seeded review with two rounds,
// the partnership's logo, the judgements saved, and how an export is asked for.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import { call, exportsWorld, scr, seed, type ExportsWorld } from '../../../test/helpers/exports-world.js';
import { setLogo } from '../../../test/helpers/images.js';
import { TINY_PNG } from '../../../test/helpers/review-content.js';

export const markers = scr.stages.flatMap((s) => s.markers);
export const label = (key: string) => scr.scale.find((o) => o.key === key)!.label;
export const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
export const squash = (s: string) => s.replace(/\s+/g, ' ');
/** A short failure message, not the whole document. */
export const has = (whole: string, part: string) => expect(whole.includes(part), `contains ${part}`).toBe(true);

export interface ExportsTestWorld {
  w: ExportsWorld;
  reviewId: string;
  saved: { markerKey: string; title: string; round: number; judgement: string; label: string }[];
}

/**
 * Seeds the review before the file's tests and closes the app after; `world` is filled in once it is built,
 * `tmp` is a folder of the file's own for files written to check with other tools.
 */
export function exportsTests() {
  const world = {} as ExportsTestWorld;
  const tmp = mkdtempSync(join(tmpdir(), 'qm-exports-'));
  beforeAll(async () => {
    const w = await exportsWorld();
    const seeded = await seed(w, { reference: 'LCSPR 2026/01', rounds: 2, answersPerMarker: 2, actions: 6 });
    const reviewId = seeded.review.id;
    await setLogo(w.t.testDb.db, w.orgA.id, { content: TINY_PNG, contentType: 'image/png' });
    const rows = await w.t.testDb.db
      .selectFrom('marker_record')
      .innerJoin('assessment_round', 'assessment_round.id', 'marker_record.round_id')
      .select(['marker_record.marker_key', 'marker_record.judgement', 'assessment_round.number'])
      .where('assessment_round.review_id', '=', reviewId)
      .execute();
    const saved = rows.map((r) => ({
      markerKey: r.marker_key,
      title: markers.find((m) => m.key === r.marker_key)!.title,
      round: Number(r.number),
      judgement: r.judgement,
      label: label(r.judgement),
    }));
    expect(saved).toHaveLength(markers.length * 2);
    Object.assign(world, { w, reviewId, saved });
  });
  afterAll(async () => {
    rmSync(tmp, { recursive: true, force: true });
    await world.w.t.close();
  });
  const exportOf = (format: string, extra = '') =>
    call(world.w, `/api/v1/reviews/${world.reviewId}/export?format=${format}${extra}`, world.w.tokens.a);
  return { world, tmp, exportOf };
}
