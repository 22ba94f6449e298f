/** What the exports tests share: an app, two partnerships, people in both, their tokens and a seeded review. */
import { buildTestApp, type TestApp } from './app.js';
import { insertOrganisation, insertPerson, type Person } from './client.js';
import { seedReview, type SeedOptions } from './review-content.js';
import { paths } from '../../src/lib/paths.js';
import { createToken } from '../../src/features/accounts/tokens.service.js';
import { loadFrameworkFiles } from '../../src/features/frameworks/framework.load.js';

export const scr = loadFrameworkFiles(paths.frameworks).find((f) => f.key === 'scr-quality-markers')!;

export interface ExportsWorld {
  t: TestApp;
  orgA: { id: string; name: string };
  orgB: { id: string; name: string };
  /** A member of both partnerships; business manager of the seeded review in A */
  manager: Person;
  tokens: { a: string; b: string; readOnly: string; foreign: string; viewer: string };
  actorA: { userId: string; organisationId: string; partnershipRole: 'member'; ip: null; userAgent: null };
}

export async function exportsWorld(): Promise<ExportsWorld> {
  const t = await buildTestApp();
  const db = t.testDb.db;
  const orgA = await insertOrganisation(db, 'Anytown Safeguarding Children Partnership');
  const orgB = await insertOrganisation(db, 'Otherton Partnership');
  const manager = await insertPerson(db, orgA.id, 'member');
  await insertPerson(db, orgB.id, 'member', { email: manager.email });
  const viewer = await insertPerson(db, orgB.id, 'viewer');
  const stranger = await insertPerson(db, orgB.id, 'admin', { twoFactor: true });
  const anon = { userId: null, organisationId: null, ip: null, userAgent: null };
  const mk = (organisationId: string, userId: string, scopes: ('read' | 'write')[]) =>
    createToken(db, { organisationId, userId, name: 't', scopes, expiresAt: null }, anon).then((x) => x.token);
  return {
    t,
    orgA,
    orgB,
    manager,
    tokens: {
      a: await mk(orgA.id, manager.id, ['read', 'write']),
      b: await mk(orgB.id, manager.id, ['read', 'write']),
      readOnly: await mk(orgB.id, manager.id, ['read']),
      foreign: await mk(orgB.id, stranger.id, ['read', 'write']),
      viewer: await mk(orgB.id, viewer.id, ['read']).then(async (token) => {
        // A viewer's token that can write, as one issued before viewers were limited to read tokens.
        await db.updateTable('api_token').set({ scopes: 'read,write' }).where('user_id', '=', viewer.id).execute();
        return token;
      }),
    },
    actorA: { userId: manager.id, organisationId: orgA.id, partnershipRole: 'member', ip: null, userAgent: null },
  };
}

export function seed(world: ExportsWorld, opts: SeedOptions) {
  return seedReview(world.t.testDb.db, scr, world.actorA, opts);
}

export function call(
  world: ExportsWorld,
  url: string,
  token: string,
  init: { method?: 'GET' | 'POST'; payload?: unknown } = {},
) {
  return world.t.app.inject({
    method: init.method ?? 'GET',
    url,
    payload: init.payload as string | object | undefined,
    headers: { authorization: `Bearer ${token}` },
  });
}

/** How many rows each of the review's tables holds in the database. */
export async function tableCounts(world: ExportsWorld) {
  const tables = [
    'review',
    'review_member',
    'review_scope',
    'assessment_round',
    'marker_record',
    'question_response',
    'evidence',
    'comment',
    'learning_theme',
    'finding',
    'finding_marker',
    'finding_theme',
    'action',
    'action_progress',
    'written_response',
    'written_response_action',
    'revision',
    'review_clock_change',
    'review_status_change',
    'publication',
    'publication_event',
    'referral',
    'referral_agency_request',
    'referral_conversion',
  ] as const;
  const counts: Record<string, number> = {};
  for (const t of tables) {
    const row = await world.t.testDb.db
      .selectFrom(t)
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    counts[t] = Number(row.n);
  }
  return counts;
}
