import type { Kysely } from 'kysely';
import type { Database, MarkerRecordTable, QuestionResponseTable } from '../../../db/schema.js';
import { revisionsOf, updateVersioned } from '../../../db/versioned.js';
import { HttpError, NotFoundError } from '../../../lib/errors.js';
import { recordAudit } from '../../audit/audit.service.js';
import { listMembers } from '../../organisations/organisations.service.js';
import { getMarkerRecord } from '../records/marker-records.service.js';
import type { PartnershipActor } from '../../../plugins/auth.js';

type Db = Kysely<Database>;

export interface Version<T> {
  version: number;
  data: T;
  changedAt: string;
  changedBy: string | null;
  current: boolean;
}

/** A marker's record and answers with every earlier version, newest first, and who made each. */
export async function markerHistory(
  db: Db,
  actor: PartnershipActor,
  ids: { reviewId: string; roundId: string; markerKey: string },
) {
  const view = await getMarkerRecord(db, actor, ids.reviewId, ids.roundId, ids.markerKey);
  const names = new Map((await listMembers(db, actor.organisationId)).map((m) => [m.user_id, m.name] as const));
  const versionsOf = async <T extends { version: number; updated_at: string; updated_by: string | null }>(
    table: 'marker_record' | 'question_response',
    row: T & { id: string },
  ): Promise<Version<T>[]> => [
    {
      version: row.version,
      data: row,
      changedAt: row.updated_at,
      changedBy: names.get(row.updated_by ?? '') ?? null,
      current: true,
    },
    ...(await revisionsOf(db, actor.organisationId, table, row.id)).map((r) => {
      const data = JSON.parse(r.data) as T;
      return {
        version: r.version,
        data,
        changedAt: data.updated_at,
        changedBy: names.get(data.updated_by ?? '') ?? null,
        current: false,
      };
    }),
  ];
  return {
    ...view,
    recordVersions: await versionsOf('marker_record', view.record),
    questionVersions: Object.fromEntries(
      await Promise.all(
        view.responses.map(async (r) => [r.question_key, await versionsOf('question_response', r)] as const),
      ),
    ) as Record<string, Version<QuestionResponseTable>[]>,
  };
}

/**
 * Restores an earlier version by saving its values as a new version: history only grows. Names the
 * version the person's page showed as current, so a restore never overwrites a change made meanwhile.
 */
export async function restoreVersion(
  db: Db,
  actor: PartnershipActor,
  ids: { reviewId: string; roundId: string; markerKey: string },
  target: { kind: 'record' | 'question'; questionKey?: string; version: number; currentVersion: number },
  now = new Date(),
) {
  const view = await getMarkerRecord(db, actor, ids.reviewId, ids.roundId, ids.markerKey);
  if (!view.review.access.canContribute) throw new HttpError(403, 'You can read this review but not change it');
  if (view.round.locked) throw new HttpError(409, 'This round has been signed off and is locked');
  const table = target.kind === 'record' ? 'marker_record' : 'question_response';
  const row =
    target.kind === 'record' ? view.record : view.responses.find((r) => r.question_key === target.questionKey);
  if (!row) throw new NotFoundError();
  const old = (await revisionsOf(db, actor.organisationId, table, row.id)).find((r) => r.version === target.version);
  if (!old) throw new NotFoundError('There is no such version');
  const data = JSON.parse(old.data) as MarkerRecordTable & QuestionResponseTable;
  const values =
    target.kind === 'record'
      ? { judgement: data.judgement, status: data.status, rationale: data.rationale, owner_user_id: data.owner_user_id }
      : { answer: data.answer, note: data.note };
  return db.transaction().execute(async (trx) => {
    const at = now.toISOString();
    const result = await updateVersioned(
      trx,
      table,
      { id: row.id, organisationId: actor.organisationId },
      target.currentVersion,
      { ...values, updated_at: at, updated_by: actor.userId },
      { userId: actor.userId, at },
    );
    if (!result.ok)
      throw new HttpError(
        409,
        'Someone changed this since you opened the history: nothing was restored. Their change is shown below',
      );
    await recordAudit(
      trx,
      actor,
      { action: `${table}.restored`, objectType: table, objectId: row.id, detail: { version: target.version } },
      now,
    );
    return result.row;
  });
}
