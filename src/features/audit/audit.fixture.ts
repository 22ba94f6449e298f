// What the audit tests (audit.test.ts, audit-page.test.ts) share: who acted, and many events at once.
import type { Db } from '../../db/create-db.js';
import type { Actor } from '../../plugins/auth.js';
import { recordAudit } from './audit.service.js';

export const actor = (userId: string | null, organisationId: string | null, ip = '192.0.2.10'): Actor => ({
  userId,
  organisationId,
  ip,
  userAgent: 'vitest',
});

export async function recordMany(db: Db, n: number, organisationId: string | null = null) {
  for (let i = 0; i < n; i++) {
    await recordAudit(db, actor(null, organisationId), { action: `test.event_${i % 3}`, objectId: `object-${i}` });
  }
}
