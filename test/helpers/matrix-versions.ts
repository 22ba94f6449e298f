import type { Body, MatrixEntry } from '../authorization-matrix/index.js';
import type { MatrixWorld } from './matrix-world.js';

/**
 * The matrix sends writes with a stale `version` (1000), so those allowed get 409 and nothing changes.
 * For people who must be refused, a body that would succeed is the more telling: this puts in the
 * current version of the record the entry writes to, read from the database just before sending.
 */

/** Body fields that name the version the sender read. */
const VERSION_FIELDS = ['version', 'currentVersion', 'reviewVersion'] as const;
const STALE = 1000;

type Kind = 'review' | 'scope' | 'record' | 'answer' | 'finding' | 'action' | 'response' | 'publication' | 'referral';

/** Which record a route's version is of, by the end of its path (first match wins). */
const RECORD_OF: [RegExp, Kind][] = [
  [/^(\/api\/v1)?\/referrals\/:id\/(rapid-review|notices|decision)$/, 'referral'],
  [/\/questions\/:questionKey$/, 'answer'],
  [/\/markers\/:markerKey\/meeting$/, 'answer'],
  [/\/markers\/:markerKey(\/history\/restore)?$/, 'record'],
  [/\/scope\/:section$/, 'scope'],
  [/\/findings\/:findingId$/, 'finding'],
  [/\/actions\/:actionId\/edit$/, 'action'],
  [/\/response(\/agree|\/reopen)?$/, 'response'],
  [/\/publication$/, 'publication'],
  [/^(\/api\/v1)?\/reviews\/:id(\/edit|\/dates|\/framework|\/framework-version|\/status)?$/, 'review'],
];

const isStale = (value: unknown) => value === STALE || value === String(STALE);

/** Whether the body names a stale version (so it needs the current one to be telling). */
export function hasStaleVersion(body: Body | undefined): boolean {
  return !!body && VERSION_FIELDS.some((f) => isStale(body[f]));
}

async function versionOf(w: MatrixWorld, kind: Kind): Promise<number> {
  const { db, fixture } = w;
  const one = async (q: Promise<{ version: number } | undefined>) => (await q)?.version ?? 0;
  switch (kind) {
    case 'review':
      return one(db.selectFrom('review').select('version').where('id', '=', fixture.reviewId).executeTakeFirst());
    case 'scope':
      return one(
        db
          .selectFrom('review_scope')
          .select('version')
          .where('review_id', '=', fixture.reviewId)
          .where('section', '=', fixture.sectionKey)
          .executeTakeFirst(),
      );
    case 'record':
      return one(
        db
          .selectFrom('marker_record')
          .select('version')
          .where('round_id', '=', fixture.roundId)
          .where('marker_key', '=', fixture.markerKey)
          .executeTakeFirst(),
      );
    case 'answer':
      return one(
        db
          .selectFrom('question_response')
          .select('version')
          .where('round_id', '=', fixture.roundId)
          .where('marker_key', '=', fixture.markerKey)
          .where('question_key', '=', fixture.questionKey)
          .executeTakeFirst(),
      );
    case 'finding':
      return one(db.selectFrom('finding').select('version').where('id', '=', fixture.findingId).executeTakeFirst());
    case 'action':
      return one(db.selectFrom('action').select('version').where('id', '=', fixture.actionId).executeTakeFirst());
    case 'referral':
      return one(db.selectFrom('referral').select('version').where('id', '=', fixture.referralId).executeTakeFirst());
    case 'response':
      return one(
        db
          .selectFrom('written_response')
          .select('version')
          .where('review_id', '=', fixture.reviewId)
          .executeTakeFirst(),
      );
    case 'publication':
      return one(
        db.selectFrom('publication').select('version').where('review_id', '=', fixture.reviewId).executeTakeFirst(),
      );
  }
}

/**
 * The body with each stale version replaced by the current one (a string where the entry had a string).
 * Throws for an entry whose record this module does not know: add its path to RECORD_OF.
 */
export async function withCurrentVersions(w: MatrixWorld, entry: MatrixEntry, body: Body | undefined) {
  if (!body || !hasStaleVersion(body)) return body;
  const kind = RECORD_OF.find(([pattern]) => pattern.test(entry.path))?.[1];
  if (!kind) throw new Error(`${entry.method} ${entry.path}: which record is its version of? (matrix-versions.ts)`);
  const current = await versionOf(w, kind);
  const out: Body = { ...body };
  for (const f of VERSION_FIELDS) {
    // The restore row's `version` is the old version to restore, not a stale one: left as it is.
    if (isStale(out[f])) out[f] = typeof out[f] === 'string' ? String(current) : current;
  }
  return out;
}
