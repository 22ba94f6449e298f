import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../../../test/helpers/db.js';
import { insertOrganisation, insertPerson } from '../../../../test/helpers/client.js';
import { FrameworkCatalogue } from '../../frameworks/frameworks.service.js';
import { loadFrameworkFiles } from '../../frameworks/framework.load.js';
import { paths } from '../../../lib/paths.js';
import { createReview } from '../../reviews/reviews.service.js';
import { createRound } from './assessments.service.js';
import { getMarkerRecord, saveAnswer } from './marker-records.service.js';
import type { PartnershipActor } from '../../../plugins/auth.js';

/**
 * 20 simulated editors read and save the same answer in random interleavings, many at once. The
 * history must show that no acknowledged write was overwritten unseen: every save that was told
 * "saved" became exactly one version, based on the version just before it.
 */
let t: TestDb;
let actor: PartnershipActor;
const framework = new FrameworkCatalogue(loadFrameworkFiles(paths.frameworks)).latest('scr-quality-markers')!;

beforeAll(async () => {
  t = await createTestDb();
  const org = await insertOrganisation(t.db, 'Concurrency Partnership');
  const person = await insertPerson(t.db, org.id, 'admin');
  actor = { userId: person.id, organisationId: org.id, partnershipRole: 'admin', ip: null, userAgent: null };
});
afterAll(async () => t.drop());

describe('concurrent editing', () => {
  it('never loses or silently overwrites an acknowledged write', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ editor: fc.nat(19), write: fc.boolean(), batch: fc.nat(3) }), {
          minLength: 50,
          maxLength: 120,
        }),
        async (commands) => {
          run += 1;
          const review = await createReview(
            t.db,
            actor,
            {
              reference: `C ${run}`,
              title: 'Concurrency',
              subjectPseudonym: 'Child A',
              type: 'local-cspr',
              method: 'systems',
              methodOther: null,
            },
            framework,
          );
          const round = await createRound(t.db, actor, review.id, { purpose: 'planning' }, framework);
          const ids = {
            reviewId: review.id,
            roundId: round.id,
            markerKey: 'governance',
            questionKey: framework.stages[1]!.markers[1]!.questions[0]!.key,
          };
          const read = async () => {
            const view = await getMarkerRecord(t.db, actor, ids.reviewId, ids.roundId, ids.markerKey);
            return view.responses.find((r) => r.question_key === ids.questionKey)!.version;
          };
          const seen = new Array<number>(20).fill(1);
          const acknowledged: { base: number; version: number; note: string }[] = [];
          // Commands run in small concurrent batches so saves truly race.
          let i = 0;
          while (i < commands.length) {
            const size = (commands[i]!.batch % 4) + 1;
            const batch = commands.slice(i, i + size);
            i += size;
            await Promise.all(
              batch.map(async ({ editor, write }, j) => {
                if (!write) {
                  seen[editor] = await read();
                  return;
                }
                const base = seen[editor]!;
                const note = `editor ${editor} step ${i + j}`;
                const result = await saveAnswer(t.db, actor, ids, base, { note });
                if (result.ok) {
                  acknowledged.push({ base, version: result.record.version, note });
                  seen[editor] = result.record.version;
                } else {
                  seen[editor] = result.conflict.version; // the person sees theirs and ours, and chooses
                }
              }),
            );
          }
          const history = await t.db
            .selectFrom('revision')
            .select(['version', 'data'])
            .where('record_type', '=', 'question_response')
            .where(
              'record_id',
              '=',
              (
                await t.db
                  .selectFrom('question_response')
                  .select('id')
                  .where('round_id', '=', ids.roundId)
                  .where('question_key', '=', ids.questionKey)
                  .executeTakeFirstOrThrow()
              ).id,
            )
            .orderBy('version')
            .execute();
          const current = await read();
          const versions = [...history.map((h) => h.version), current];
          expect(versions).toEqual(Array.from({ length: current }, (_, k) => k + 1));
          expect(acknowledged.length).toBe(current - 1);
          const noteAt = new Map(history.map((h) => [h.version, (JSON.parse(h.data) as { note: string }).note]));
          const finalNote = (
            await getMarkerRecord(t.db, actor, ids.reviewId, ids.roundId, ids.markerKey)
          ).responses.find((r) => r.question_key === ids.questionKey)!.note;
          noteAt.set(current, finalNote);
          for (const w of acknowledged) {
            expect(w.version).toBe(w.base + 1);
            expect(noteAt.get(w.version)).toBe(w.note);
          }
        },
      ),
      { numRuns: 25 },
    );
  }, 300_000);
});
