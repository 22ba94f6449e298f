import { Migrator } from 'kysely';
import { describe, expect, it } from 'vitest';
import { insertOrganisation } from '../../test/helpers/client.js';
import { createTestDb } from '../../test/helpers/db.js';
import { reviewRow } from '../../test/helpers/reviews.js';
import { newId } from '../lib/ids.js';
import type { ReviewTable } from './schema.js';
import { migrateToLatest } from './migrate.js';
import { migrations } from './migrations/index.js';

describe('migration 2026-11-26T0500-round-framework-version', () => {
  it('gives every existing round the framework version its review had', async () => {
    const t = await createTestDb();
    try {
      const migrator = new Migrator({ db: t.db, provider: { getMigrations: () => Promise.resolve(migrations) } });
      // Back to just before this migration (later ones are undone first).
      const down = await migrator.migrateTo('2026-11-26T0400-actions');
      expect(down.error).toBeUndefined();
      expect(down.results?.at(-1)?.migrationName).toBe('2026-11-26T0500-round-framework-version');

      const org = await insertOrganisation(t.db, 'Anytown Partnership');
      const at = new Date().toISOString();
      // Without the columns later migrations add (2026-12-07T1500-review-clocks): they do not exist yet.
      const review = (version: string) => {
        const row: Partial<ReviewTable> = reviewRow(org.id, {
          reference: `R ${version}`,
          framework_version: version,
          created_at: at,
          updated_at: at,
        });
        for (const later of ['referral_date', 'panel_response_date', 'panel_told_date', 'report_sent_date'] as const) {
          delete row[later];
        }
        return row as ReviewTable;
      };
      const reviews = [review('1.0.0'), review('2.1.0')];
      await t.db.insertInto('review').values(reviews).execute();
      const rounds = reviews.map((r) => ({
        id: newId(),
        organisation_id: org.id,
        review_id: r.id,
        number: 1,
        purpose: 'planning' as const,
        status: 'approved' as const,
        scale: '[]',
        copied_from: null,
        sent_for_sign_off_at: null,
        sent_for_sign_off_by: null,
        decided_at: null,
        decided_by: null,
        decision_comment: null,
        version: 1,
        created_at: at,
        created_by: null,
      }));
      // The rounds as they were before the column existed.
      await t.db
        .insertInto('assessment_round')
        .values(rounds as never)
        .execute();

      await migrateToLatest(t.db);
      const after = await t.db
        .selectFrom('assessment_round')
        .select(['review_id', 'framework_version'])
        .orderBy('framework_version')
        .execute();
      expect(after).toEqual([
        { review_id: reviews[0]!.id, framework_version: '1.0.0' },
        { review_id: reviews[1]!.id, framework_version: '2.1.0' },
      ]);
    } finally {
      await t.drop();
    }
  });
});
