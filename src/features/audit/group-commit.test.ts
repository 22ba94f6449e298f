import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../../test/helpers/db.js';
import { insertOrganisation } from '../../../test/helpers/client.js';
import { recordAudit, verifyAuditChain } from './audit.service.js';

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => t.drop());

describe('audit events recorded on their own (group commit)', () => {
  it('commits every one of many concurrent events, each awaited, in one unbroken chain', async () => {
    const org = await insertOrganisation(t.db, 'Group Commit Partnership');
    const actor = { userId: null, organisationId: org.id, ip: '127.0.0.1', userAgent: 'test' };
    const before = await verifyAuditChain(t.db);
    await Promise.all(
      Array.from({ length: 120 }, (_, i) =>
        recordAudit(t.db, actor, { action: 'review.read', objectType: 'review', objectId: `r${i}` }),
      ),
    );
    const rows = await t.db
      .selectFrom('audit_event')
      .select(['object_id'])
      .where('organisation_id', '=', org.id)
      .execute();
    expect(rows.map((r) => r.object_id).sort()).toEqual(Array.from({ length: 120 }, (_, i) => `r${i}`).sort());
    const after = await verifyAuditChain(t.db);
    expect(after).toEqual({ ok: true, count: before.count + 120 });
  });

  it('still records events that arrive one at a time', async () => {
    const actor = { userId: null, organisationId: null, ip: null, userAgent: null };
    const before = await verifyAuditChain(t.db);
    for (let i = 0; i < 3; i++) await recordAudit(t.db, actor, { action: 'sign_in.failed' });
    expect(await verifyAuditChain(t.db)).toEqual({ ok: true, count: before.count + 3 });
  });
});
