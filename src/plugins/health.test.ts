import { describe, expect, it } from 'vitest';
import { buildTestApp } from '../../test/helpers/app.js';

describe('health', () => {
  it('reports ok when the database answers, and 503 when it does not', async () => {
    const t = await buildTestApp();
    try {
      const ok = await t.app.inject({ method: 'GET', url: '/health' });
      expect(ok.statusCode).toBe(200);
      expect(ok.json()).toEqual({ status: 'ok', database: 'ok' });
      expect(ok.headers['cache-control']).toBe('no-store');

      await t.testDb.db.destroy();
      const down = await t.app.inject({ method: 'GET', url: '/health' });
      expect(down.statusCode).toBe(503);
      expect(down.json()).toEqual({ status: 'unavailable', database: 'unavailable' });

      const live = await t.app.inject({ method: 'GET', url: '/health/live' });
      expect(live.statusCode).toBe(200);
    } finally {
      await t.app.close();
      await t.testDb.drop().catch(() => undefined);
    }
  });
});
