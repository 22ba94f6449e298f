import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, exportsWorld, seed, tableCounts, type ExportsWorld } from '../../../test/helpers/exports-world.js';
import { insertPerson } from '../../../test/helpers/client.js';
import { TINY_PNG } from '../../../test/helpers/review-content.js';
import { importedReviewSchema, importProblemsSchema } from './import.schema.js';
import type { ReviewExport } from './review-export.schema.js';
import { comparable } from '../../../test/helpers/review-export-compare.js';
import { ole2DifatLoop } from '../../../test/helpers/hostile-files.js';
import { IMPORT_BODY_LIMIT_BYTES } from './import.service.js';
import type { ApiError, Created } from '../../../test/helpers/api-json.js';

type ImportProblems = ReturnType<typeof importProblemsSchema.parse>;

let w: ExportsWorld;
let exported: ReviewExport;

beforeAll(async () => {
  w = await exportsWorld();
  const { review } = await seed(w, { reference: 'SAR 2026/7', rounds: 2, answersPerMarker: 3, actions: 5 });
  const res = await call(w, `/api/v1/reviews/${review.id}/export?format=json&files=include`, w.tokens.a);
  exported = res.json();
});
afterAll(async () => w.t.close());

const importInto = (token: string, payload: unknown) =>
  call(w, '/api/v1/reviews/import', token, { method: 'POST', payload: payload as object });

describe('POST /api/v1/reviews/import', () => {
  it('recreates the review in the caller’s partnership, and exporting it again gives the same content', async () => {
    const res = await importInto(w.tokens.b, exported);
    expect(res.statusCode).toBe(201);
    const body = importedReviewSchema.parse(res.json());
    expect(body).toMatchObject({ reference: 'SAR 2026/7', droppedTeamMembers: [], unknownPeople: [] });
    expect(body.id).not.toBe(exported.review.id);
    expect(res.headers.location).toBe(`/api/v1/reviews/${body.id}`);

    const again: ReviewExport = (
      await call(w, `/api/v1/reviews/${body.id}/export?format=json&files=include`, w.tokens.b)
    ).json();
    expect(again.partnership.name).toBe(w.orgB.name);
    expect(again.history.length).toBeGreaterThan(0);
    expect(comparable(exported).rounds[1]!.markers[0]!.id).toBe(`round/2/${exported.rounds[1]!.markers[0]!.markerKey}`);
    expect(comparable(again)).toEqual(comparable(exported));
    const file = again.rounds[0]!.markers[0]!.evidence.find((e) => e.kind === 'file')!;
    expect(Buffer.from(file.content!, 'base64').equals(TINY_PNG)).toBe(true);
    // Every new id is new: nothing of partnership A's is reused.
    const oldIds = new Set([
      exported.review.id,
      ...exported.rounds.map((r) => r.id),
      ...exported.actions.map((a) => a.id),
    ]);
    expect(
      [again.review.id, ...again.rounds.map((r) => r.id), ...again.actions.map((a) => a.id)].filter((id) =>
        oldIds.has(id),
      ),
    ).toEqual([]);

    const audit = await w.t.testDb.db
      .selectFrom('audit_event')
      .select(['organisation_id', 'user_id', 'object_id'])
      .where('action', '=', 'review.imported')
      .execute();
    expect(audit).toEqual([{ organisation_id: w.orgB.id, user_id: w.manager.id, object_id: body.id }]);
  });

  it('carries the clocks’ extensions and pauses across, and still imports a format version 1 document', async () => {
    const { review } = await seed(w, { reference: 'LCSPR 2026/8', rounds: 1, answersPerMarker: 0, actions: 0 });
    await w.t.testDb.db
      .updateTable('review')
      .set({ awareness_date: '2026-03-02', notification_date: '2026-03-04', panel_told_date: null })
      .where('id', '=', review.id)
      .execute();
    const extension = {
      clock: 'rapid-review',
      kind: 'extension',
      newDueDate: '2026-04-30',
      agreedBy: 'the Panel',
      agreedOn: '2026-03-20',
      reason: 'Waiting for the health summary',
    };
    const added = await call(w, `/api/v1/reviews/${review.id}/clock-changes`, w.tokens.a, {
      method: 'POST',
      payload: extension,
    });
    expect(added.statusCode, added.body).toBe(201);
    const doc: ReviewExport = (await call(w, `/api/v1/reviews/${review.id}/export?format=json`, w.tokens.a)).json();
    expect(doc.formatVersion).toBe(3);
    expect(doc.review.clockChanges).toMatchObject([{ ...extension, newDueDate: '2026-04-30' }]);
    const rapid = doc.review.timescales.find((t) => t.key === 'rapid-review')!;
    expect(rapid.changes).toEqual([
      'Extended to 30 April 2026, agreed with the Panel on 20 March 2026. Reason: Waiting for the health summary',
    ]);

    const imported = await importInto(w.tokens.b, doc);
    expect(imported.statusCode, imported.body).toBe(201);
    const again: ReviewExport = (
      await call(w, `/api/v1/reviews/${imported.json<{ id: string }>().id}/export?format=json`, w.tokens.b)
    ).json();
    expect(again.review.clockChanges).toMatchObject([extension]);
    expect(again.review.clockChanges![0]!.id).not.toBe(doc.review.clockChanges![0]!.id);

    // A document from before the clocks: version 1, none of the new key dates, no extensions or pauses.
    const { referral, panelResponse, panelTold, reportSent, ...oldDates } = doc.review.keyDates;
    void [referral, panelResponse, panelTold, reportSent];
    const { clockChanges, ...oldReview } = doc.review;
    void clockChanges;
    const v1 = {
      ...doc,
      formatVersion: 1,
      review: {
        ...oldReview,
        reference: 'LCSPR 2026/8 (v1)',
        keyDates: oldDates,
        timescales: oldReview.timescales.map(({ originalDue, changes, ...t }) => (void [originalDue, changes], t)),
      },
    };
    const old = await importInto(w.tokens.b, v1);
    expect(old.statusCode, old.body).toBe(201);
  });

  it('answers 409, saving nothing, when the partnership already has a review with the reference', async () => {
    const before = await tableCounts(w);
    const res = await importInto(w.tokens.b, exported);
    expect(res.statusCode).toBe(409);
    expect(res.json<ApiError>().error.message).toBe(
      'Your partnership already has a review with the reference SAR 2026/7: change the reference in the file, or the existing review’s, and import again',
    );
    expect(await tableCounts(w)).toEqual(before);
  });

  it('drops team members who are not in the partnership, names them, and forgets people it cannot find', async () => {
    const stranger = await insertPerson(w.t.testDb.db, w.orgA.id, 'member');
    const doc = structuredClone(exported);
    doc.review.reference = 'SAR 2026/8';
    doc.team.push({ name: stranger.name, email: stranger.email, role: 'panel-member' });
    doc.actions[0]!.owner = 'Somebody Else';
    const res = await importInto(w.tokens.b, doc);
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      droppedTeamMembers: [{ name: stranger.name, email: stranger.email, role: 'panel-member' }],
      unknownPeople: ['Somebody Else'],
    });
    const again: ReviewExport = (
      await call(w, `/api/v1/reviews/${res.json<Created>().id}/export?format=json`, w.tokens.b)
    ).json();
    expect(again.team.map((m) => m.email)).toEqual([w.manager.email]);
    expect(again.actions[0]!.owner).toBeNull();
  });

  it('lists every problem with a JSON pointer, answers 400 and saves nothing', async () => {
    const before = await tableCounts(w);
    const doc = structuredClone(exported);
    doc.review.reference = 'SAR 2026/9';
    doc.rounds[0]!.markers[1]!.judgement = 'brilliant';
    doc.rounds[1]!.markers[2]!.markerKey = 'no-such-marker';
    (doc.actions[0] as { status: string }).status = 'done';
    doc.actions[1]!.findingId = 'missing';
    const shape = await importInto(w.tokens.b, doc);
    expect(shape.statusCode).toBe(400);
    importProblemsSchema.parse(shape.json());
    expect(shape.json<ApiError>().error).toEqual({
      status: 400,
      message: 'The review cannot be imported: nothing was saved',
    });
    expect(shape.json<ImportProblems>().problems.map((p: { path: string }) => p.path)).toEqual(['/actions/0/status']);

    doc.actions[0]!.status = 'completed';
    const refs = await importInto(w.tokens.b, doc);
    expect(refs.statusCode).toBe(400);
    expect(refs.json<ImportProblems>().problems).toEqual([
      {
        path: '/rounds/0/markers/1/judgement',
        message: expect.stringContaining('The judgement must be one of') as unknown,
      },
      { path: '/rounds/1/markers/2/markerKey', message: 'The framework has no marker no-such-marker' },
      { path: '/actions/1/findingId', message: 'This is not the id of a finding in the document' },
    ]);
    expect(await tableCounts(w)).toEqual(before);
  });

  it('sniffs each imported file as an upload is sniffed: the type stored is the bytes’ own, the name made safe', async () => {
    const doc = structuredClone(exported);
    doc.review.reference = 'SAR 2026/10';
    const at = doc.rounds[0]!.markers[0]!.evidence.findIndex((e) => e.kind === 'file');
    const file = doc.rounds[0]!.markers[0]!.evidence[at]!;
    file.contentType = 'text/html';
    file.fileName = 'tree\u202Egnp.html';
    file.sha256 = null;
    const res = await importInto(w.tokens.b, doc);
    expect(res.statusCode, res.body).toBe(201);
    const row = await w.t.testDb.db
      .selectFrom('evidence')
      .innerJoin('assessment_round', 'assessment_round.id', 'evidence.round_id')
      .select(['evidence.file_name', 'evidence.content_type', 'evidence.sha256'])
      .where('assessment_round.review_id', '=', res.json<Created>().id)
      .where('evidence.kind', '=', 'file')
      .executeTakeFirstOrThrow();
    expect(row).toEqual({
      file_name: 'treegnp.html.png',
      content_type: 'image/png',
      sha256: createHash('sha256').update(TINY_PNG).digest('hex'),
    });
  });

  it('refuses the whole import when a file is not a kind an upload accepts, naming the file', async () => {
    const before = await tableCounts(w);
    const doc = structuredClone(exported);
    doc.review.reference = 'SAR 2026/11';
    const evidence = doc.rounds[0]!.markers[0]!.evidence;
    const at = evidence.findIndex((e) => e.kind === 'file');
    const loop = ole2DifatLoop();
    Object.assign(evidence[at]!, {
      title: 'Panel minutes',
      fileName: 'minutes.doc',
      contentType: 'application/msword',
      content: loop.toString('base64'),
      sha256: null,
      sizeBytes: loop.length,
    });
    const res = await importInto(w.tokens.b, doc);
    expect(res.statusCode).toBe(400);
    expect(res.json<ImportProblems>().problems).toEqual([
      {
        path: `/rounds/0/markers/0/evidence/${at}/content`,
        message: 'The file ‘Panel minutes’ must be a PDF, Word document, Excel spreadsheet, image or plain text file',
      },
    ]);
    expect(await tableCounts(w)).toEqual(before);
  });

  it('refuses text with a NUL character, escaped in the JSON, pointing at it, and saves nothing', async () => {
    const before = await tableCounts(w);
    const doc = structuredClone(exported);
    doc.review.reference = 'SAR 2026/12';
    doc.rounds[0]!.markers[1]!.rationale = 'Seen by the panel\u0000 twice';
    const res = await importInto(w.tokens.b, doc);
    expect(res.statusCode).toBe(400);
    expect(res.json<ImportProblems>().problems).toEqual([
      {
        path: '/rounds/0/markers/1/rationale',
        message: 'This text contains a NUL character (U+0000), which cannot be stored: remove it and export again',
      },
    ]);
    expect(await tableCounts(w)).toEqual(before);
  });

  it('answers an import over its own limit with a 413 that names that limit', async () => {
    expect(IMPORT_BODY_LIMIT_BYTES).toBe(64 * 1024 * 1024);
    const res = await w.t.app.inject({
      method: 'POST',
      url: '/api/v1/reviews/import',
      payload: Buffer.alloc(IMPORT_BODY_LIMIT_BYTES + 1, 0x20),
      headers: { authorization: `Bearer ${w.tokens.b}`, 'content-type': 'application/json' },
    });
    expect(res.statusCode).toBe(413);
    expect(res.json<ApiError>().error).toEqual({
      status: 413,
      message: 'The review file is too large: it must be 64 MB or smaller: export the review again without its files',
    });
  });

  it('refuses read-only tokens and viewers, and answers 400 to a body that is not JSON', async () => {
    expect((await importInto(w.tokens.readOnly, exported)).statusCode).toBe(403);
    expect((await importInto(w.tokens.viewer, exported)).statusCode).toBe(403);
    const garbage = await w.t.app.inject({
      method: 'POST',
      url: '/api/v1/reviews/import',
      payload: '{"format": "quality-markers/review-ex',
      headers: { authorization: `Bearer ${w.tokens.b}`, 'content-type': 'application/json' },
    });
    expect(garbage.statusCode).toBe(400);
    expect(garbage.json<ImportProblems>().problems).toEqual([
      { path: '', message: 'The body is not valid JSON: export the review again' },
    ]);
  });
});
