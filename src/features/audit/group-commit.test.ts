import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import type { Transaction } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Database } from '../../db/schema.js';
import { createTestDb, testDbKind, type TestDb } from '../../../test/helpers/db.js';
import { insertOrganisation } from '../../../test/helpers/client.js';
import { commitAudited } from './audit.group-commit.js';
import { auditEvent, dialectOf, recordAudit, verifyAuditChain } from './audit.service.js';

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => t.drop());

const objectIdsOf = async (organisationId: string) =>
  (
    await t.db.selectFrom('audit_event').select(['object_id']).where('organisation_id', '=', organisationId).execute()
  ).map((r) => r.object_id);

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
    expect((await objectIdsOf(org.id)).sort()).toEqual(Array.from({ length: 120 }, (_, i) => `r${i}`).sort());
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

describe('audited work that arrives together (group commit of saves)', () => {
  it('shares one transaction, and each caller gets its own result after the commit', async () => {
    const org = await insertOrganisation(t.db, 'Batch Partnership');
    const actor = { userId: null, organisationId: org.id, ip: null, userAgent: null };
    const transactions = new Set<Transaction<Database>>();
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        commitAudited(t.db, dialectOf(t.db), async (trx) => {
          transactions.add(trx);
          await trx
            .updateTable('organisation')
            .set({ name: `Batch Partnership ${i}` })
            .where('id', '=', org.id)
            .execute();
          return { value: i * 2, audit: [auditEvent(actor, { action: 'organisation.renamed', objectId: `o${i}` })] };
        }),
      ),
    );
    expect(results).toEqual(Array.from({ length: 20 }, (_, i) => i * 2));
    expect(transactions.size).toBeLessThan(20);
    expect(await objectIdsOf(org.id)).toHaveLength(20);
    expect((await verifyAuditChain(t.db)).ok).toBe(true);
  });

  it('fails only the work that threw: its neighbours commit, its own writes and events do not', async () => {
    const org = await insertOrganisation(t.db, 'Failing Neighbour Partnership');
    const actor = { userId: null, organisationId: org.id, ip: null, userAgent: null };
    const unit = (i: number) =>
      commitAudited(t.db, dialectOf(t.db), async (trx) => {
        await trx
          .updateTable('organisation')
          .set({ name: `Renamed by ${i}` })
          .where('id', '=', org.id)
          .execute();
        if (i === 3) throw new Error('unit 3 failed');
        return { value: i, audit: [auditEvent(actor, { action: 'organisation.renamed', objectId: `n${i}` })] };
      });
    const settled = await Promise.allSettled(Array.from({ length: 6 }, (_, i) => unit(i)));
    expect(settled.map((s) => s.status)).toEqual([
      'fulfilled',
      'fulfilled',
      'fulfilled',
      'rejected',
      'fulfilled',
      'fulfilled',
    ]);
    expect((settled[3] as PromiseRejectedResult).reason).toEqual(new Error('unit 3 failed'));
    expect((await objectIdsOf(org.id)).sort()).toEqual(['n0', 'n1', 'n2', 'n4', 'n5']);
    const { name } = await t.db
      .selectFrom('organisation')
      .select('name')
      .where('id', '=', org.id)
      .executeTakeFirstOrThrow();
    expect(name).toBe('Renamed by 5');
    expect((await verifyAuditChain(t.db)).ok).toBe(true);
  });
});

/** Replaces fs.fdatasync (which create-db's write-ahead log flush imports) for the length of `run`. */
async function withFdatasync(fake: typeof fs.fdatasync, run: () => Promise<void>) {
  const real = fs.fdatasync;
  fs.fdatasync = fake;
  syncBuiltinESMExports();
  try {
    await run();
  } finally {
    fs.fdatasync = real;
    syncBuiltinESMExports();
  }
}

describe.skipIf(testDbKind() !== 'sqlite')('SQLite: the disk flush runs off the event loop', () => {
  it('answers a batch only once its write-ahead log is on disk', async () => {
    const org = await insertOrganisation(t.db, 'Flush Partnership');
    const actor = { userId: null, organisationId: org.id, ip: null, userAgent: null };
    const held: (() => void)[] = [];
    const real = fs.fdatasync;
    await withFdatasync(
      ((fd: number, done: fs.NoParamCallback) => {
        held.push(() => real(fd, done));
      }) as typeof fs.fdatasync,
      async () => {
        let answered = false;
        const recorded = recordAudit(t.db, actor, { action: 'review.read', objectId: 'flushed' }).then(() => {
          answered = true;
        });
        await vi.waitFor(() => expect(held).toHaveLength(1));
        // Committed, and the event loop free to serve others, while the disk works: not yet answered.
        expect(await objectIdsOf(org.id)).toEqual(['flushed']);
        expect(answered).toBe(false);
        held.shift()!();
        await recorded;
        expect(answered).toBe(true);
      },
    );
  });

  it('fails the batch when the flush fails, and the next batch still commits', async () => {
    const org = await insertOrganisation(t.db, 'Failed Flush Partnership');
    const actor = { userId: null, organisationId: org.id, ip: null, userAgent: null };
    const failing = ((_fd: number, done: fs.NoParamCallback) =>
      done(Object.assign(new Error('EIO: i/o error, fdatasync'), { code: 'EIO' }))) as typeof fs.fdatasync;
    await withFdatasync(failing, async () => {
      await expect(recordAudit(t.db, actor, { action: 'review.read', objectId: 'lost' })).rejects.toThrow('EIO');
    });
    await recordAudit(t.db, actor, { action: 'review.read', objectId: 'kept' });
    expect(await objectIdsOf(org.id)).toContain('kept');
    expect((await verifyAuditChain(t.db)).ok).toBe(true);
  });
});
