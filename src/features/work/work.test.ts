import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.js';
import {
  apiToken,
  insertOrganisation,
  insertPerson,
  signedInClient,
  type Client,
} from '../../../test/helpers/client.js';
import { readPage } from '../../../test/helpers/html.js';
import { reviewWithTeam } from '../../../test/helpers/round-world.js';
import { actionRow } from '../../../test/helpers/reviews.js';
import type { ActionStatus } from '../../db/schema.js';
import { newId } from '../../lib/ids.js';

// Monday 7 December 2026, 10:00 in London (GMT).
const NOW = new Date('2026-12-07T10:00:00Z');

let t: TestApp;
let manager: Client;
let chair: Client;
let panel: Client;
let stranger: Client;
let panelToken: string;
let reviewId: string;
let roundId: string;
let orgId: string;

interface WorkJson {
  items: { kind: string; reviewId: string; reference: string; title: string; due: string | null; href: string }[];
}

beforeAll(async () => {
  t = await buildTestApp({ clock: () => NOW });
  const db = t.testDb.db;
  const world = await reviewWithTeam(t, {
    reference: 'LCSPR 7',
    title: 'Practice review',
    subjectPseudonym: 'Child A',
  });
  ({ manager, chair, panel, reviewId } = world);
  const { manager: m, chair: c, panel: p } = world.people;
  const org = { id: world.organisationId };
  orgId = org.id;
  const other = await insertOrganisation(db, 'Otherton Partnership');
  stranger = await signedInClient(t.app, db, await insertPerson(db, other.id, 'member'), other.id);
  panelToken = await apiToken(db, org.id, p.id, ['read']);

  // Aware on 20 November: notification was due by 27 November, and has not been recorded.
  await db.updateTable('review').set({ awareness_date: '2026-11-20' }).where('id', '=', reviewId).execute();

  const round = await manager.post(`/reviews/${reviewId}/rounds/new`, { purpose: 'in-review' });
  roundId = (round.headers.location as string).split('/').pop()!;
  // The panel member owns two markers (one of them completed, which is not work any more).
  await db
    .updateTable('marker_record')
    .set({ owner_user_id: p.id, status: 'in-progress' })
    .where('round_id', '=', roundId)
    .where('marker_key', '=', 'decision-making')
    .execute();
  await db
    .updateTable('marker_record')
    .set({ owner_user_id: p.id, status: 'completed' })
    .where('round_id', '=', roundId)
    .where('marker_key', '=', 'referral')
    .execute();
  const at = NOW.toISOString();
  const comment = (authorId: string, resolved: boolean, to?: { marker: string; person: string }) => ({
    id: newId(),
    organisation_id: org.id,
    round_id: roundId,
    marker_key: to?.marker ?? 'decision-making',
    addressed_to: to?.person ?? null,
    body: 'Which agencies are in scope?',
    author_id: authorId,
    created_at: to ? '2026-12-04T09:30:00Z' : '2026-12-03T14:02:00Z',
    edited_at: null,
    resolved_at: resolved ? at : null,
    resolved_by: resolved ? authorId : null,
    version: 1,
  });
  await db
    .insertInto('comment')
    .values([
      comment(m.id, false),
      comment(c.id, false),
      comment(m.id, true),
      comment(p.id, false),
      // Addressed to the panel member on a marker someone else owns.
      comment(m.id, false, { marker: 'governance', person: p.id }),
    ])
    .execute();
  const action = (number: number, title: string, due: string | null, status: ActionStatus = 'in-progress') =>
    actionRow(org.id, reviewId, {
      number,
      title,
      owner_user_id: p.id,
      due_date: due,
      status,
      created_at: at,
      created_by: m.id,
      updated_at: at,
      updated_by: m.id,
    });
  await db
    .insertInto('action')
    .values([
      action(1, 'Refresh the escalation policy', '2026-12-01'),
      action(2, 'Train the front door', '2026-12-18'),
      action(3, 'Audit the referrals', '2027-03-01'),
      action(4, 'Already done', '2026-11-01', 'completed'),
    ])
    .execute();
});
afterAll(async () => t.close());

describe('Your work', () => {
  it('lists a panel member’s markers, discussion, actions and overdue statutory steps, in that order', async () => {
    const res = await panel.get('/work');
    expect(res.statusCode).toBe(200);
    const page = readPage(res.body);
    expect(page.h1).toBe('Your work');
    expect(page.all('main h2.govuk-heading-m')).toEqual([
      'Your markers to complete',
      'Comments for you',
      'Your actions due',
      'Statutory steps due',
    ]);
    const links = page.root.querySelectorAll('.app-work-list a').map((a) => a.getAttribute('href'));
    expect(links).toEqual([
      `/reviews/${reviewId}/rounds/${roundId}/markers/decision-making`,
      `/reviews/${reviewId}/rounds/${roundId}/markers/decision-making#discussion`,
      `/reviews/${reviewId}/rounds/${roundId}/markers/governance#discussion`,
      // Overdue first, then the one due within 10 working days; the one due in March is not shown.
      expect.stringMatching(new RegExp(`^/reviews/${reviewId}/actions/`)),
      expect.stringMatching(new RegExp(`^/reviews/${reviewId}/actions/`)),
      `/reviews/${reviewId}#key-dates`,
    ]);
    const text = page.text('main');
    expect(text).toContain('Marker 2: Decision making');
    expect(text).toContain('Round 1: In progress.');
    // Two unresolved comments by others; the resolved one and the panel member's own are not counted.
    expect(text).toContain('2 comments not yet resolved, the oldest from 3 December 2026 at 2:02pm.');
    expect(text).toContain('1 comment not yet resolved, addressed to you, the oldest from 4 December 2026 at 9:30am.');
    expect(text).toMatch(/Action 1: Refresh the escalation policy.*Overdue.*it was due by 1 December 2026/);
    expect(text).toContain('Action 2: Train the front door');
    expect(text).not.toContain('Audit the referrals');
    expect(text).not.toContain('Already done');
    expect(text).not.toContain('Marker 1: Referral');
    expect(text).toMatch(/Notification.*Overdue.*Was due by Friday 27 November 2026/);
    // Overdue is said in words, not by colour alone.
    expect(page.all('.app-work-list .govuk-tag')).toEqual(['Overdue', 'Overdue']);
  });

  it('tells the chair a round waits for their sign-off, first', async () => {
    expect(
      (await manager.post(`/reviews/${reviewId}/rounds/${roundId}/sign-off`, { action: 'send', confirm: 'yes' }))
        .statusCode,
    ).toBe(303);
    const page = readPage((await chair.get('/work')).body);
    expect(page.all('main h2.govuk-heading-m')[0]).toBe('Rounds waiting for your sign-off');
    const first = page.root.querySelector('.app-work-list a');
    expect(first?.getAttribute('href')).toBe(`/reviews/${reviewId}/rounds/${roundId}#signoff-heading`);
    expect(page.text('.app-work-list')).toContain('Sent for your sign-off on 7 December 2026 at 10:00am.');
    // The panel member's markers are in a round awaiting sign-off: nothing to complete until it is returned.
    expect(readPage((await panel.get('/work')).body).text('main')).not.toContain('Your markers to complete');
    expect(
      (await chair.post(`/reviews/${reviewId}/rounds/${roundId}/sign-off`, { action: 'return', comment: 'More' }))
        .statusCode,
    ).toBe(303);
    expect(readPage((await chair.get('/work')).body).text('main')).not.toContain('Rounds waiting for your sign-off');
  });

  it('is the same list through the API, in the page’s order', async () => {
    const res = await t.app.inject({ url: '/api/v1/me/work', headers: { authorization: `Bearer ${panelToken}` } });
    expect(res.statusCode).toBe(200);
    const body = res.json<WorkJson>();
    expect(body.items.map((i) => i.kind)).toEqual([
      'marker',
      'comment',
      'comment',
      'action',
      'action',
      'statutory-step',
    ]);
    expect(body.items[3]).toMatchObject({ reviewId, reference: 'LCSPR 7', due: '2026-12-01' });
    expect(body.items[5]).toMatchObject({
      title: 'Notification',
      due: '2026-11-27',
      href: `/reviews/${reviewId}#key-dates`,
    });
  });

  it('shows another partnership nothing of this one', async () => {
    const page = readPage((await stranger.get('/work')).body);
    expect(page.text('main')).toContain('Nothing needs you just now');
    expect(page.text('main')).not.toContain('LCSPR 7');
  });

  it('is where signing in lands, and where the service name and first navigation item lead', async () => {
    const page = readPage((await panel.get('/reviews')).body);
    expect(page.root.querySelector('.govuk-generic-header__homepage-link')?.getAttribute('href')).toBe('/work');
    expect(page.all('.govuk-service-navigation__item').slice(0, 2)).toEqual(['Your work', 'Reviews']);
  });

  it('welcomes a newly invited person with the reviews they are on', async () => {
    const page = readPage((await panel.get('/work?welcome=1')).body);
    expect(page.text('.govuk-notification-banner')).toContain(
      'Welcome to Anytown Partnership. You are on the team of LCSPR 7: Practice review (panel member).',
    );
    const fresh = await insertPerson(t.testDb.db, orgId, 'member');
    const client = await signedInClient(t.app, t.testDb.db, fresh, orgId);
    expect(readPage((await client.get('/work?welcome=1')).body).text('.govuk-notification-banner')).toContain(
      'You are not on a review’s team yet.',
    );
  });
});
