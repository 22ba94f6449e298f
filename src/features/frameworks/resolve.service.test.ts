import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture } from '../../../test/fixtures/frameworks/fixtures.js';
import { insertOrganisation } from '../../../test/helpers/client.js';
import { createTestDb, type TestDb } from '../../../test/helpers/db.js';
import { builtInCatalogue } from './frameworks.service.js';
import { importFramework } from './imports.service.js';
import { frameworkVersions, requireFramework, resolveFramework } from './resolve.service.js';

const catalogue = builtInCatalogue();
const actor = { userId: null, organisationId: null, ip: '127.0.0.1', userAgent: 'test' };
const LOCAL = 'riverside-review-checks';
let t: TestDb;
let org: { id: string; slug: string; name: string };
let other: { id: string; slug: string; name: string };

beforeAll(async () => {
  t = await createTestDb();
  org = await insertOrganisation(t.db, 'Riverside Safeguarding Partnership');
  other = await insertOrganisation(t.db, 'Hilltown Safeguarding Adults Board');
  for (const name of ['local-v1.yaml', 'local-v2.yaml']) {
    expect((await importFramework(t.db, catalogue, org.id, fixture(name), actor)).ok).toBe(true);
  }
});
afterAll(async () => t.drop());

const none = { fallback: 'none' } as const;
const latest = { fallback: 'latest' } as const;

describe('resolveFramework', () => {
  it('finds a built-in version exactly, for any partnership', async () => {
    const fw = await resolveFramework(t.db, catalogue, other.id, 'scr-quality-markers', '1.0.0', none);
    expect(fw).toBe(catalogue.version('scr-quality-markers', '1.0.0'));
  });

  it("finds the partnership's own imported versions, and never another partnership's", async () => {
    expect((await resolveFramework(t.db, catalogue, org.id, LOCAL, '1.0.0', none))?.version).toBe('1.0.0');
    expect(await resolveFramework(t.db, catalogue, other.id, LOCAL, '1.0.0', none)).toBeUndefined();
    expect(await resolveFramework(t.db, catalogue, other.id, LOCAL, '1.0.0', latest)).toBeUndefined();
    expect((await frameworkVersions(t.db, catalogue, org.id, LOCAL)).map((f) => f.version)).toEqual(['1.1.0', '1.0.0']);
    expect(await frameworkVersions(t.db, catalogue, other.id, LOCAL)).toEqual([]);
  });

  it("gives a missing version as nothing, or as the framework's latest version when asked to", async () => {
    expect(await resolveFramework(t.db, catalogue, org.id, 'scr-quality-markers', '0.0.1', none)).toBeUndefined();
    expect(await resolveFramework(t.db, catalogue, org.id, 'scr-quality-markers', '0.0.1', latest)).toBe(
      catalogue.latest('scr-quality-markers'),
    );
    expect((await resolveFramework(t.db, catalogue, org.id, LOCAL, '9.9.9', latest))?.version).toBe('1.1.0');
    expect(await resolveFramework(t.db, catalogue, org.id, 'no-such-framework', '1.0.0', latest)).toBeUndefined();
  });

  it('leaves out an imported version whose key is a built-in one: built-in keys belong to the built-ins', async () => {
    const builtInKey = { ...fixture('local-v1.yaml'), key: 'scr-quality-markers', version: '0.5.0' };
    await t.db
      .insertInto('framework')
      .values({
        id: '0193a000-0000-7000-8000-00000000f0f0',
        organisation_id: org.id,
        key: builtInKey.key,
        version: builtInKey.version,
        title: builtInKey.title,
        content: JSON.stringify(builtInKey),
        hash: 'x',
        created_at: new Date().toISOString(),
        created_by: null,
      })
      .execute();
    expect(await resolveFramework(t.db, catalogue, org.id, 'scr-quality-markers', '0.5.0', none)).toBeUndefined();
  });
});

describe('requireFramework', () => {
  it('answers a missing pinned version with a 500 that names it', async () => {
    expect((await requireFramework(t.db, catalogue, org.id, LOCAL, '1.1.0')).version).toBe('1.1.0');
    await expect(requireFramework(t.db, catalogue, other.id, LOCAL, '1.1.0')).rejects.toMatchObject({
      statusCode: 500,
      message: `Framework ${LOCAL} 1.1.0 is not available`,
    });
  });
});
