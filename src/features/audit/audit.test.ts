import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../../test/helpers/cli.js';
import { createTestDb } from '../../../test/helpers/db.js';
import { createDb } from '../../db/create-db.js';
import { recordAudit, verifyAuditChain } from './audit.service.js';
import { actor, recordMany } from './audit.fixture.js';

describe('the audit chain', () => {
  it('verifies after many events, and names the event that was changed', async () => {
    const t = await createTestDb();
    try {
      await recordMany(t.db, 120);
      expect(await verifyAuditChain(t.db)).toEqual({ ok: true, count: 120 });
      await t.db.updateTable('audit_event').set({ action: 'sign_in.succeeded' }).where('seq', '=', 77).execute();
      expect(await verifyAuditChain(t.db)).toEqual({
        ok: false,
        count: 76,
        brokenAt: 77,
        reason: 'event was changed after it was written',
      });
    } finally {
      await t.drop();
    }
  });

  it('detects a deleted event', async () => {
    const t = await createTestDb();
    try {
      await recordMany(t.db, 10);
      await t.db.deleteFrom('audit_event').where('seq', '=', 4).execute();
      expect(await verifyAuditChain(t.db)).toMatchObject({ ok: false, brokenAt: 4, reason: 'event is missing' });
    } finally {
      await t.drop();
    }
  });

  it('stays one valid chain when 50 events are appended at once', async () => {
    const t = await createTestDb();
    try {
      await Promise.all(
        Array.from({ length: 50 }, (_, i) => recordAudit(t.db, actor(null, null), { action: `concurrent.${i}` })),
      );
      expect(await verifyAuditChain(t.db)).toEqual({ ok: true, count: 50 });
      const rows = await t.db.selectFrom('audit_event').select(['seq', 'action']).orderBy('seq').execute();
      expect(rows.map((r) => Number(r.seq))).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
      expect(new Set(rows.map((r) => r.action)).size).toBe(50);
    } finally {
      await t.drop();
    }
  });
});

describe('appends from concurrent transactions', () => {
  it('stays one valid chain when 30 transactions each append an event at once', async () => {
    const t = await createTestDb();
    try {
      await Promise.all(
        Array.from({ length: 30 }, (_, i) =>
          t.db.transaction().execute(async (trx) => {
            await recordAudit(trx, actor(null, null), { action: `in-transaction.${i}` });
            // Hold the transaction open a little, so others queue on the chain's head meanwhile.
            await new Promise((resolve) => setTimeout(resolve, i % 3));
          }),
        ),
      );
      expect(await verifyAuditChain(t.db)).toEqual({ ok: true, count: 30 });
      const seqs = await t.db.selectFrom('audit_event').select('seq').orderBy('seq').execute();
      expect(seqs.map((r) => Number(r.seq))).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    } finally {
      await t.drop();
    }
  });
});

describe('quality-markers audit verify', () => {
  it('exits 0 while the chain is intact, then 1 naming the changed event', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'qm-audit-cli-'));
    const env = { DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'silent' };
    // The CLI (in this process: test/helpers/cli.ts) makes and migrates the database, then events are added.
    await runCli(['migrate'], env);
    const db = createDb({ kind: 'sqlite', file: join(dataDir, 'quality-markers.sqlite') });
    try {
      await recordMany(db, 12);
      const ok = await runCli(['audit', 'verify'], env);
      expect(ok.stdout.trim()).toBe('The audit log is intact: 12 events checked');

      await db.updateTable('audit_event').set({ action: 'member.added' }).where('seq', '=', 5).execute();
      await expect(runCli(['audit', 'verify'], env)).rejects.toMatchObject({
        code: 1,
        stderr: expect.stringContaining(
          'The audit log is broken at event 5: event was changed after it was written',
        ) as unknown,
      });
    } finally {
      await db.destroy();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});
