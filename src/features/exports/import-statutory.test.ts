import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, exportsWorld, seed, tableCounts, type ExportsWorld } from '../../../test/helpers/exports-world.js';
import { comparable } from '../../../test/helpers/review-export-compare.js';
import { seedStatutoryPath } from '../../../test/helpers/statutory-path.js';
import type { Created } from '../../../test/helpers/api-json.js';
import type { importProblemsSchema } from './import.schema.js';
import type { ReviewExport } from './review-export.schema.js';

// Importing a review's statutory path (format version 3): the referral it came from, its status moves and
// its publication record, and a version 2 document without them.
type ImportProblems = ReturnType<typeof importProblemsSchema.parse>;

let w: ExportsWorld;
beforeAll(async () => {
  w = await exportsWorld();
});
afterAll(async () => w.t.close());

const importInto = (token: string, payload: unknown) =>
  call(w, '/api/v1/reviews/import', token, { method: 'POST', payload: payload as object });

describe('POST /api/v1/reviews/import: the statutory path', () => {
  it('carries the statutory path across: the origin as a converted referral, status moves, publication', async () => {
    const { review } = await seed(w, { reference: 'LCSPR 2026/20', rounds: 1, answersPerMarker: 0, actions: 0 });
    await seedStatutoryPath(w.t.testDb.db, { organisationId: w.orgA.id, reviewId: review.id, userId: w.manager.id });
    const doc: ReviewExport = (await call(w, `/api/v1/reviews/${review.id}/export?format=json`, w.tokens.a)).json();
    expect(doc.origin).toMatchObject({
      route: 'serious-incident-notification',
      subjectPseudonym: 'Child A',
      rapidReview: { agencySummaries: [{ agency: 'Anytown Health Trust' }, { agency: 'Anytown Police' }] },
      decision: { outcome: 'lcspr', criteria: { jointWorking: 'Police and health held different pictures' } },
      createdBy: w.manager.name,
    });
    expect(doc.statusHistory!.map((s) => [s.from, s.to, s.changedBy])).toEqual([
      ['set-up', 'running', w.manager.name],
      ['running', 'outputs', w.manager.name],
    ]);
    expect(doc.publication).toMatchObject({ decision: 'full', version: 2, events: [{ heldOn: '2026-11-02' }] });

    const imported = await importInto(w.tokens.b, doc);
    expect(imported.statusCode, imported.body).toBe(201);
    const newId = imported.json<Created>().id;
    const again: ReviewExport = (await call(w, `/api/v1/reviews/${newId}/export?format=json`, w.tokens.b)).json();
    expect(comparable(again)).toEqual(comparable(doc));
    expect(again.review.reviewerNamedToPanel).toBe('Dr R. Reviewer');
    expect(again.origin!.id).not.toBe(doc.origin!.id);
    // The register of the importing partnership shows the referral, converted to the new review.
    const register = await call(w, `/api/v1/referrals/${again.origin!.id}`, w.tokens.b);
    expect(register.statusCode, register.body).toBe(200);
    expect(register.json()).toMatchObject({ stage: 'converted', reviewId: newId });

    // A format version 2 document (none of the three) still imports, with none of them.
    const { origin, statusHistory, publication, ...v2 } = doc;
    void [origin, statusHistory, publication];
    const old = await importInto(w.tokens.b, { ...v2, formatVersion: 2, review: { ...doc.review, reference: 'v2' } });
    expect(old.statusCode, old.body).toBe(201);
    const oldAgain: ReviewExport = (
      await call(w, `/api/v1/reviews/${old.json<Created>().id}/export?format=json`, w.tokens.b)
    ).json();
    expect([oldAgain.origin, oldAgain.statusHistory, oldAgain.publication]).toEqual([null, [], null]);
  });

  it('refuses an origin that does not fit the review, naming each problem, and saves nothing', async () => {
    const { review } = await seed(w, { reference: 'LCSPR 2026/21', rounds: 1, answersPerMarker: 0, actions: 0 });
    await seedStatutoryPath(w.t.testDb.db, { organisationId: w.orgA.id, reviewId: review.id, userId: w.manager.id });
    const doc: ReviewExport = (await call(w, `/api/v1/reviews/${review.id}/export?format=json`, w.tokens.a)).json();
    const before = await tableCounts(w);
    const bad = structuredClone(doc);
    bad.review.type = 'sar';
    bad.origin!.decision!.decidedOn = '2026-01-01';
    bad.statusHistory![0]!.reason = 'x'.repeat(1001);
    const shape = await importInto(w.tokens.b, bad);
    expect(shape.statusCode).toBe(400);
    expect(shape.json<ImportProblems>().problems.map((p) => p.path)).toEqual(['/statusHistory/0/reason']);
    bad.statusHistory![0]!.reason = null;
    const res = await importInto(w.tokens.b, bad);
    expect(res.json<ImportProblems>().problems).toEqual([
      {
        path: '/origin/route',
        message:
          'A children’s review comes from a serious incident notification and a safeguarding adult review from an s44 referral',
      },
      { path: '/origin/decision/decidedOn', message: 'The decision must not be before the referral was received' },
    ]);
    expect(await tableCounts(w)).toEqual(before);
  });
});
