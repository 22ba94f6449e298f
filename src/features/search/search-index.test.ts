/**
 * The search index's migration (2026-12-07T1710): what was written before it is indexed by it, and it
 * undoes cleanly. The service is asked directly: this is about the index, the routes are search.test.ts's.
 */
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { down, up } from '../../db/migrations/2026-12-07T1710-search-index.js';
import { builtInCatalogue } from '../frameworks/frameworks.service.js';
import { createTestDb, type TestDb } from '../../../test/helpers/db.js';
import { insertOrganisation, insertPerson } from '../../../test/helpers/client.js';
import { seedReview } from '../../../test/helpers/review-content.js';
import { searchReviews } from './search.service.js';

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => t.drop());

describe('the search index migration', () => {
  it('indexes the rows written before it, and down removes it all', async () => {
    const catalogue = builtInCatalogue();
    const org = await insertOrganisation(t.db, 'Anytown Partnership');
    const admin = await insertPerson(t.db, org.id, 'admin');
    const actor = {
      userId: admin.id,
      organisationId: org.id,
      partnershipRole: 'admin' as const,
      ip: null,
      userAgent: null,
    };
    await down(t.db as unknown as Kysely<unknown>);
    await seedReview(t.db, catalogue.latest('scr-quality-markers')!, actor, {
      reference: 'LCSPR 1',
      rounds: 1,
      answersPerMarker: 1,
      findings: 2,
      actions: 1,
    });
    await up(t.db as unknown as Kysely<unknown>);
    const search = async (q: string) => (await searchReviews(t.db, catalogue, actor, q)).results.map((r) => r.kind);
    expect(await search('professionals shared')).toEqual(['Finding', 'Recommendation']);
    expect(await search('letter family')).toEqual(['Action']);
    expect(await search('pregnancy')).toEqual(['Terms of reference']);
    expect(await search('chronology')).toEqual(['Evidence']);
    expect(await search('health visitor records')).toEqual(['Comment']);
    expect((await search('rationale')).length).toBe(18);
    expect(await search('note')).toContain('Answer note');

    await down(t.db as unknown as Kysely<unknown>);
    const tables = (await t.db.introspection.getTables()).map((x) => x.name);
    expect(tables.filter((name) => name.startsWith('search_'))).toEqual([]);
    await up(t.db as unknown as Kysely<unknown>);
  });
});
