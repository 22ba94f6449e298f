import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture, fixtureText } from '../../../test/fixtures/frameworks/fixtures.js';
import { insertOrganisation } from '../../../test/helpers/client.js';
import { createTestDb, type TestDb } from '../../../test/helpers/db.js';
import { frameworkToYaml, sha256 } from './framework.export.js';
import { parseFrameworkText } from './framework.parse.js';
import { builtInCatalogue, frameworksVisibleTo } from './frameworks.service.js';
import { exportFramework, importFramework, importFrameworkFile, listImported } from './imports.service.js';

const catalogue = builtInCatalogue();
const actor = { userId: null, organisationId: null, ip: '127.0.0.1', userAgent: 'test' };
let t: TestDb;
let org: { id: string; slug: string; name: string };
let other: { id: string; slug: string; name: string };

beforeAll(async () => {
  t = await createTestDb();
  org = await insertOrganisation(t.db, 'Riverside Safeguarding Partnership');
  other = await insertOrganisation(t.db, 'Hilltown Safeguarding Adults Board');
});
afterAll(async () => t.drop());

const file = (name: string) => ({ filename: name, bytes: Buffer.from(fixtureText(name)) });

describe('importing a framework', () => {
  it('stores the content and its SHA-256 hash, and records an audit event', async () => {
    const outcome = await importFrameworkFile(t.db, catalogue, org, file('local-v1.yaml'), actor);
    expect(outcome).toMatchObject({ ok: true, format: 'yaml', framework: { key: 'riverside-review-checks' } });
    const row = await t.db
      .selectFrom('framework')
      .selectAll()
      .where('organisation_id', '=', org.id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ key: 'riverside-review-checks', version: '1.0.0', title: 'Riverside review checks' });
    expect(row.hash).toBe(sha256(row.content));
    expect(JSON.parse(row.content)).toMatchObject({
      key: 'riverside-review-checks',
      stages: expect.any(Array) as unknown,
    });
    const events = await t.db
      .selectFrom('audit_event')
      .selectAll()
      .where('action', '=', 'framework.imported')
      .execute();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ organisation_id: org.id, object_type: 'framework', object_id: row.id });
    expect(JSON.parse(events[0]!.detail!)).toEqual({
      key: 'riverside-review-checks',
      version: '1.0.0',
      hash: row.hash,
    });
  });

  it('takes a higher version and refuses one that is not higher than the latest', async () => {
    expect((await importFrameworkFile(t.db, catalogue, org, file('local-v2.yaml'), actor)).ok).toBe(true);
    const again = await importFrameworkFile(t.db, catalogue, org, file('local-v1.yaml'), actor);
    expect(again).toEqual({
      ok: false,
      format: 'yaml',
      problems: [{ field: 'version', message: 'Version 1.0.0 is not higher than the latest version, 1.1.0' }],
    });
    const same = await importFramework(t.db, catalogue, org.id, fixture('local-v2.yaml'), actor);
    expect(same.ok).toBe(false);
    if (!same.ok) expect(same.problems[0]?.message).toBe('Version 1.1.0 is not higher than the latest version, 1.1.0');
    const list = await listImported(t.db, org.id);
    expect(list.map((f) => [f.key, f.latest, f.versions.map((v) => v.version)])).toEqual([
      ['riverside-review-checks', '1.1.0', ['1.1.0', '1.0.0']],
    ]);
  });

  it('compares versions as numbers, not text', async () => {
    const fw = { ...fixture('local-v1.yaml'), key: 'numbering-check' };
    expect((await importFramework(t.db, catalogue, org.id, { ...fw, version: '1.9.0' }, actor)).ok).toBe(true);
    expect((await importFramework(t.db, catalogue, org.id, { ...fw, version: '1.10.0' }, actor)).ok).toBe(true);
    const lower = await importFramework(t.db, catalogue, org.id, { ...fw, version: '1.2.0' }, actor);
    expect(lower.ok).toBe(false);
    if (!lower.ok)
      expect(lower.problems[0]?.message).toBe('Version 1.2.0 is not higher than the latest version, 1.10.0');
  });

  it('refuses a built-in key', async () => {
    const scr = catalogue.latest('scr-quality-markers')!;
    const outcome = await importFramework(t.db, catalogue, org.id, { ...scr, version: '9.0.0' }, actor);
    expect(outcome).toEqual({
      ok: false,
      problems: [
        {
          field: 'key',
          message: "'scr-quality-markers' is the key of a built-in framework: give your framework a key of its own",
        },
      ],
    });
  });

  it('keeps each partnership’s frameworks to itself; anonymous requests do not touch the database', async () => {
    const mine = await frameworksVisibleTo(t.db, catalogue, { organisation: { id: org.id } });
    expect(mine.versions('riverside-review-checks').map((f) => f.version)).toEqual(['1.1.0', '1.0.0']);
    expect(mine.isImported('riverside-review-checks')).toBe(true);
    expect(mine.latest('scr-quality-markers')).toBeDefined();
    const theirs = await frameworksVisibleTo(t.db, catalogue, { organisation: { id: other.id } });
    expect(theirs.latest('riverside-review-checks')).toBeUndefined();
    expect(await frameworksVisibleTo(null as never, catalogue, null)).toBe(catalogue);
    const halfSignedIn = { organisation: { id: org.id }, twoFactorSetupRequired: true };
    expect(await frameworksVisibleTo(null as never, catalogue, halfSignedIn)).toBe(catalogue);
    // Another partnership may use the same key for its own framework.
    expect((await importFrameworkFile(t.db, catalogue, other, file('local-v1.yaml'), actor)).ok).toBe(true);
  });
});

describe('export', () => {
  it('round trip: export → import → export gives the same file', async () => {
    const first = await exportFramework(t.db, catalogue, org.id, 'riverside-review-checks@1.0.0');
    expect(first).toBeDefined();
    const fresh = await insertOrganisation(t.db, 'Round Trip Partnership');
    const outcome = await importFrameworkFile(
      t.db,
      catalogue,
      fresh,
      { filename: 'export.yaml', bytes: Buffer.from(first!) },
      actor,
    );
    expect(outcome.ok).toBe(true);
    const second = await exportFramework(t.db, catalogue, fresh.id, 'riverside-review-checks');
    expect(second).toBe(first);
    // The hash is the same too: the stored content is the same.
    const hashes = await t.db
      .selectFrom('framework')
      .select(['organisation_id', 'hash'])
      .where('key', '=', 'riverside-review-checks')
      .where('version', '=', '1.0.0')
      .execute();
    expect(new Set(hashes.map((h) => h.hash)).size).toBe(1);
  });

  it('exports built-in frameworks, which read back as the same framework and export the same again', async () => {
    for (const fw of catalogue.list()) {
      const yaml = await exportFramework(null, catalogue, null, `${fw.key}@${fw.version}`);
      const parsed = parseFrameworkText(yaml!);
      expect(parsed.ok).toBe(true);
      if (parsed.ok) {
        expect(parsed.framework).toEqual(fw);
        expect(frameworkToYaml(parsed.framework)).toBe(yaml);
      }
    }
  });

  it('answers undefined for an unknown framework or version, and for another partnership’s', async () => {
    expect(await exportFramework(null, catalogue, null, 'nope')).toBeUndefined();
    expect(await exportFramework(null, catalogue, null, 'scr-quality-markers@0.0.1')).toBeUndefined();
    expect(await exportFramework(null, catalogue, null, 'riverside-review-checks')).toBeUndefined();
  });
});
