/** Shared set-up for the actions feature's route tests: a partnership, its people in every role, reviews. */
import { expect } from 'vitest';
import { buildTestApp, type TestApp } from './app.js';
import { insertOrganisation, insertPerson, signedInClient, type Client, type Person } from './client.js';
import { readPage, type Page } from './html.js';
import { addToTeam } from './reviews.js';

export interface World {
  t: TestApp;
  orgId: string;
  people: Record<'manager' | 'chair' | 'panel' | 'observer' | 'viewer' | 'admin', Person>;
  manager: Client;
  chair: Client;
  panel: Client;
  observer: Client;
  viewer: Client;
  admin: Client;
  outsider: Client;
  /** Moves the app's clock (days; negative is back) without touching sessions' real timestamps. */
  shiftDays(days: number): void;
  /** Starts a review as the manager (business manager) with the chair, panel member and observer on it. */
  startReview(opts?: { type?: string }): Promise<{ id: string; url: string; reference: string }>;
}

export async function makeWorld(): Promise<World> {
  let offset = 0;
  // Each world numbers its reviews from 1 (LCSPR 2026/1, …): a file's first review is /1 even when an
  // earlier file in the same worker made a world (the database projects share modules between files).
  let counter = 0;
  const t = await buildTestApp({ clock: () => new Date(Date.now() + offset) });
  const db = t.testDb.db;
  const org = await insertOrganisation(db, 'Anytown Safeguarding Children Partnership');
  const other = await insertOrganisation(db, 'Otherton Partnership');
  const people = {
    manager: await insertPerson(db, org.id, 'member'),
    chair: await insertPerson(db, org.id, 'member'),
    panel: await insertPerson(db, org.id, 'member'),
    observer: await insertPerson(db, org.id, 'member'),
    viewer: await insertPerson(db, org.id, 'viewer'),
    admin: await insertPerson(db, org.id, 'admin', { twoFactor: true }),
  };
  const client = (p: Person) => signedInClient(t.app, db, p, org.id);
  const world: World = {
    t,
    orgId: org.id,
    people,
    manager: await client(people.manager),
    chair: await client(people.chair),
    panel: await client(people.panel),
    observer: await client(people.observer),
    viewer: await client(people.viewer),
    admin: await client(people.admin),
    outsider: await signedInClient(t.app, db, await insertPerson(db, other.id, 'admin', { twoFactor: true }), other.id),
    shiftDays: (days) => {
      offset = days * 86_400_000;
    },
    startReview: async (opts = {}) => {
      counter += 1;
      const reference = `LCSPR 2026/${counter}`;
      const res = await world.manager.post('/reviews/new', {
        reference,
        title: 'Practice review after an injury to an infant',
        subjectPseudonym: opts.type === 'sar' ? 'Adult C' : 'Child A',
        type: opts.type ?? 'local-cspr',
        method: 'systems',
      });
      expect(res.statusCode).toBe(303);
      const url = res.headers.location as string;
      const id = url.split('/').pop()!;
      await addToTeam(db, org.id, id, [
        [people.chair, 'chair'],
        [people.panel, 'panel-member'],
        [people.observer, 'observer'],
        [people.viewer, 'observer'],
      ]);
      return { id, url, reference };
    },
  };
  return world;
}

export async function page(client: Client, url: string, status = 200): Promise<Page> {
  const res = await client.get(url);
  expect(res.statusCode, `GET ${url}`).toBe(status);
  return readPage(res.body);
}

export function inputValue(p: Page, selector: string): string | undefined {
  return p.root.querySelector(selector)?.getAttribute('value');
}

/** Audit actions recorded about an object, oldest first. */
export async function auditOf(w: World, objectId: string) {
  const rows = await w.t.testDb.db
    .selectFrom('audit_event')
    .select(['action', 'detail'])
    .where('object_id', '=', objectId)
    .orderBy('seq')
    .execute();
  return rows;
}
