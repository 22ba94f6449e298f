import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture } from '../../../test/fixtures/frameworks/fixtures.js';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.js';
import { insertOrganisation, insertPerson } from '../../../test/helpers/client.js';
import { paths } from '../../lib/paths.js';
import { createToken } from '../accounts/tokens.service.js';
import { createRound } from '../assessments/records/assessments.service.js';
import { saveAnswer } from '../assessments/records/marker-records.service.js';
import { loadFrameworkFiles } from '../frameworks/framework.load.js';
import type { FrameworkFile } from '../frameworks/framework.schema.js';
import { FrameworkCatalogue } from '../frameworks/frameworks.service.js';
import { createReview } from '../reviews/reviews.service.js';
import type { ReviewExport } from './review-export.schema.js';
import { comparable } from '../../../test/helpers/review-export-compare.js';

// A review moved to a newer framework version keeps its first round on the version it was made with:
// the export says so round by round, and the import recreates exactly that.
const scale = [
  { key: 'met', label: 'Met' },
  { key: 'not-met', label: 'Not met' },
  { key: 'not-yet-assessed', label: 'Not yet assessed' },
];
const v1: FrameworkFile = { ...fixture('local-v1.yaml'), scale };
const v2: FrameworkFile = { ...fixture('local-v2.yaml'), scale };

let t: TestApp;
let tokenA: string;
let tokenB: string;
let reviewId: string;
const request = { ip: '127.0.0.1', userAgent: 'export test' };

const call = (url: string, token: string, body?: unknown) =>
  t.app.inject({
    method: body === undefined ? 'GET' : 'POST',
    url,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
  });

beforeAll(async () => {
  t = await buildTestApp({ catalogue: new FrameworkCatalogue([...loadFrameworkFiles(paths.frameworks), v1, v2]) });
  const db = t.testDb.db;
  const a = await insertOrganisation(db, 'Riverside Safeguarding Partnership');
  const b = await insertOrganisation(db, 'Otherton Safeguarding Partnership');
  const manager = await insertPerson(db, a.id, 'member');
  // The same person in both partnerships, so that names survive the import (people are matched by email).
  const importer = await insertPerson(db, b.id, 'member', { email: manager.email });
  const token = async (organisationId: string, userId: string) =>
    (
      await createToken(
        db,
        { organisationId, userId, name: 'test', scopes: ['read', 'write'], expiresAt: null },
        { ...request, userId, organisationId },
      )
    ).token;
  tokenA = await token(a.id, manager.id);
  tokenB = await token(b.id, importer.id);
  const actor = { ...request, userId: manager.id, organisationId: a.id, partnershipRole: 'member' as const };
  const input = { title: 'Review', subjectPseudonym: 'Child A', type: 'local-cspr' as const, method: 'systems' };
  reviewId = (await createReview(db, actor, { ...input, reference: 'LCSPR 9', methodOther: null }, v1)).id;
  const round = await createRound(db, actor, reviewId, { purpose: 'planning' }, v1);
  const saved = await saveAnswer(
    db,
    actor,
    { reviewId, roundId: round.id, markerKey: 'scope', questionKey: 'agreed' },
    1,
    { answer: 'yes', note: 'Agreed at the first panel' },
  );
  expect(saved.ok).toBe(true);
  const { version } = await db
    .selectFrom('review')
    .select('version')
    .where('id', '=', reviewId)
    .executeTakeFirstOrThrow();
  const moved = await call(`/api/v1/reviews/${reviewId}/framework-version`, tokenA, {
    version: '1.1.0',
    reviewVersion: version,
    startRound: true,
  });
  expect(moved.statusCode).toBe(200);
});
afterAll(async () => t.close());

describe('exporting and importing a review moved to a newer framework version', () => {
  it('keeps each round on its own version, there and back', async () => {
    const exported: ReviewExport = (await call(`/api/v1/reviews/${reviewId}/export?format=json`, tokenA)).json();
    expect(exported.framework.version).toBe('1.1.0');
    expect(exported.rounds.map((r) => r.frameworkVersion)).toEqual(['1.0.0', '1.1.0']);

    const imported = await call('/api/v1/reviews/import', tokenB, exported);
    expect(imported.statusCode).toBe(201);
    const id = imported.json<{ id: string }>().id;
    const rounds = await t.testDb.db
      .selectFrom('assessment_round')
      .select(['number', 'framework_version'])
      .where('review_id', '=', id)
      .orderBy('number')
      .execute();
    expect(rounds).toEqual([
      { number: 1, framework_version: '1.0.0' },
      { number: 2, framework_version: '1.1.0' },
    ]);
    const again: ReviewExport = (await call(`/api/v1/reviews/${id}/export?format=json`, tokenB)).json();
    expect(comparable(again)).toEqual(comparable(exported));
  });

  it('exports every format, with the round on the older version included', async () => {
    for (const format of ['docx', 'xlsx', 'pdf', 'csv']) {
      const res = await call(`/api/v1/reviews/${reviewId}/export?format=${format}`, tokenA);
      expect(res.statusCode, format).toBe(200);
      expect(res.rawPayload.length, format).toBeGreaterThan(100);
    }
    const csv = await call(`/api/v1/reviews/${reviewId}/export?format=csv&round=1`, tokenA);
    expect(csv.statusCode).toBe(200);
  });

  it('refuses a round on a version that does not exist, saying where', async () => {
    const exported: ReviewExport = (await call(`/api/v1/reviews/${reviewId}/export?format=json`, tokenA)).json();
    const broken = {
      ...exported,
      review: { ...exported.review, reference: 'LCSPR 9 copy' },
      rounds: exported.rounds.map((r, i) => (i === 0 ? { ...r, frameworkVersion: '0.9.0' } : r)),
    };
    const res = await call('/api/v1/reviews/import', tokenB, broken);
    expect(res.statusCode).toBe(400);
    expect(JSON.stringify(res.json())).toContain('/rounds/0/frameworkVersion');
  });
});
