// Moving a review's status (issue 18 §3): one step at a time, each forward move with its rule, back with a
// reason, a partnership admin's override with a reason, the timeline on the review page, the same rules
// through the API. Runs on SQLite and, with DATABASE_URL, on PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditOf, makeWorld, page, type World } from '../../../test/helpers/actions-world.js';
import { readPage } from '../../../test/helpers/html.js';
import { createToken } from '../accounts/tokens.service.js';

let w: World;
let token: string;

beforeAll(async () => {
  w = await makeWorld();
  const noActor = { userId: null, organisationId: null, ip: null, userAgent: null };
  const input = { organisationId: w.orgId, userId: w.people.manager.id, name: 't', scopes: ['read', 'write'] as const };
  token = (await createToken(w.t.testDb.db, { ...input, scopes: [...input.scopes], expiresAt: null }, noActor)).token;
});
afterAll(async () => w.t.close());

const statusOf = async (id: string) =>
  await w.t.testDb.db.selectFrom('review').select(['status', 'version']).where('id', '=', id).executeTakeFirstOrThrow();

/** Posts the status form as the page shows it, with `changes` on top. */
async function move(client: World['manager'], url: string, changes: Record<string, string>) {
  const { version } = await statusOf(url.split('/').pop()!);
  return client.post(`${url}/status`, { version: String(version), ...changes });
}

const agreedOn = { 'termsAgreedOn-day': '20', 'termsAgreedOn-month': '11', 'termsAgreedOn-year': '2026' };

async function writeScope(url: string) {
  const res = await w.manager.post(`${url}/scope/period`, { version: '0', text: 'From birth to the injury.' });
  expect(res.statusCode).toBe(303);
}

async function runningReview() {
  const review = await w.startReview();
  await writeScope(review.url);
  expect((await move(w.manager, review.url, { to: 'running', ...agreedOn })).statusCode).toBe(303);
  return review;
}

describe('moving a review on', () => {
  it('needs the terms of reference written and the date they were agreed to start running, and keeps what was typed', async () => {
    const { id, url } = await w.startReview();
    const before = await page(w.manager, `${url}/status`);
    expect(before.text('#current-status')).toContain('Setting up');
    expect(before.text('#status-rules + ul')).toContain('The scope and terms of reference have not been written');

    const refused = await move(w.manager, url, { to: 'running', reason: 'Panel agreed' });
    expect(refused.statusCode).toBe(400);
    const p = readPage(refused.body);
    expect(p.title).toMatch(/^Error: Status/);
    expect(p.errorLinks).toEqual([
      { text: 'Enter the date the terms of reference were agreed', href: '#termsAgreedOn-day' },
      { text: 'The scope and terms of reference have not been written', href: '#status-rules' },
    ]);
    expect(p.root.querySelector('#reason')?.text).toBe('Panel agreed');
    expect(p.root.querySelector('input[name=to][value=running]')?.hasAttribute('checked')).toBe(true);
    expect((await statusOf(id)).status).toBe('set-up');

    const notADate = await move(w.manager, url, {
      to: 'running',
      'termsAgreedOn-day': '31',
      'termsAgreedOn-month': '2',
      'termsAgreedOn-year': '2026',
    });
    expect(readPage(notADate.body).errorLinks.map((l) => l.text)).toEqual([
      'Date the terms of reference were agreed must be a real date',
    ]);

    await writeScope(url);
    const moved = await move(w.manager, url, { to: 'running', ...agreedOn });
    expect(moved.statusCode).toBe(303);
    expect(moved.headers.location).toBe(`${url}/status?moved=1`);
    expect((await statusOf(id)).status).toBe('running');
    const review = await page(w.manager, url);
    expect(review.text('#status-timeline + ol')).toContain('Moved from setting up to running');
    expect(review.text('#status-timeline + ol')).toContain('Terms of reference agreed on 20 November 2026');
    expect((await auditOf(w, id)).filter((a) => a.action === 'review.status_changed')).toHaveLength(1);
  });

  it('moves one step at a time, and back only with a reason', async () => {
    const { id, url } = await runningReview();
    const jump = await move(w.manager, url, { to: 'complete' });
    expect(jump.statusCode).toBe(400);
    expect(readPage(jump.body).errorLinks.map((l) => l.text)).toEqual([
      'A review moves one step at a time: from running it can move to outputs or setting up',
    ]);
    const noReason = await move(w.manager, url, { to: 'set-up' });
    expect(readPage(noReason.body).errorLinks.map((l) => l.text)).toEqual([
      'Enter why the review is moving back to setting up',
    ]);
    const tooLong = await move(w.manager, url, { to: 'set-up', reason: 'x'.repeat(1001) });
    expect(readPage(tooLong.body).errorLinks.map((l) => l.text)).toEqual(['Reason must be 1,000 characters or fewer']);
    expect((await move(w.manager, url, { to: 'set-up', reason: 'The Panel asked for a wider scope' })).statusCode).toBe(
      303,
    );
    expect((await statusOf(id)).status).toBe('set-up');
    const timeline = (await page(w.viewer, `${url}/status`)).all('.app-status-timeline > li');
    expect(timeline[0]).toContain('Moved back from running to setting up');
    expect(timeline[0]).toContain('Reason: The Panel asked for a wider scope');
  });

  it('completes only when the report is published or not to be, and the written response is agreed', async () => {
    const { id, url } = await runningReview();
    expect((await move(w.manager, url, { to: 'outputs' })).statusCode).toBe(303);
    const refused = await move(w.manager, url, { to: 'complete' });
    expect(refused.statusCode).toBe(400);
    expect(readPage(refused.body).errorLinks.map((l) => l.text)).toEqual([
      'The report has not been published, and no decision not to publish it is recorded',
      'The partners’ written response has not been agreed',
    ]);

    const decided = await w.manager.post(`${url}/publication`, {
      version: '0',
      decision: 'not-published',
      decisionReasons: 'Criminal proceedings continue; the improvements are published instead.',
      decidedBy: 'partners',
    });
    expect(decided.statusCode).toBe(303);
    expect(
      (await w.manager.post(`${url}/response`, { version: '0', text: 'The partners accept it.' })).statusCode,
    ).toBe(303);
    expect((await w.chair.post(`${url}/response/agree`, { version: '1' })).statusCode).toBe(303);
    expect((await move(w.manager, url, { to: 'complete' })).statusCode).toBe(303);
    expect((await statusOf(id)).status).toBe('complete');
    expect((await move(w.manager, url, { to: 'archived' })).statusCode).toBe(303);
    expect((await statusOf(id)).status).toBe('archived');
  });

  it('lets a partnership admin, and only an admin, move it anyway with a reason kept in the timeline', async () => {
    const { id, url } = await w.startReview();
    const status = await page(w.manager, `${url}/status`);
    expect(status.root.querySelector('input[name=override]')).toBeNull();
    expect((await move(w.manager, url, { to: 'running', override: 'yes', reason: 'Urgent' })).statusCode).toBe(403);

    const adminPage = await page(w.admin, `${url}/status`);
    expect(adminPage.root.querySelector('input[name=override]')).not.toBeNull();
    const noReason = await move(w.admin, url, { to: 'running', override: 'yes' });
    expect(readPage(noReason.body).errorLinks.map((l) => l.text)).toEqual([
      'Enter why you are moving the review to running although a rule is not met',
    ]);
    const moved = await move(w.admin, url, {
      to: 'running',
      override: 'yes',
      reason: 'Agreed at the partners’ meeting',
    });
    expect(moved.statusCode).toBe(303);
    expect((await statusOf(id)).status).toBe('running');
    const entry = (await page(w.manager, url)).text('.app-status-timeline > li');
    expect(entry).toContain('Rule overridden');
    expect(entry).toContain(
      'Missing at the time: The scope and terms of reference have not been written; No date the terms of reference were agreed.',
    );
    expect(entry).toContain('Reason: Agreed at the partners’ meeting');
  });

  it('is for those who run the review: others may read the timeline, another partnership gets 404', async () => {
    const { id, url } = await w.startReview();
    await writeScope(url);
    expect((await move(w.panel, url, { to: 'running', ...agreedOn })).statusCode).toBe(403);
    expect((await move(w.viewer, url, { to: 'running', ...agreedOn })).statusCode).toBe(403);
    const viewer = await page(w.viewer, `${url}/status`);
    expect(viewer.root.querySelector('form[action$="/status"]')).toBeNull();
    expect((await w.outsider.get(`${url}/status`)).statusCode).toBe(404);
    expect((await move(w.outsider, url, { to: 'running', ...agreedOn })).statusCode).toBe(404);
    const stale = await w.manager.post(`${url}/status`, { version: '1000', to: 'running', ...agreedOn });
    expect(stale.statusCode).toBe(409);
    expect(readPage(stale.body).text('.govuk-notification-banner')).toContain('Someone else changed the review');
    expect((await statusOf(id)).status).toBe('set-up');
  });
});

describe('the status through the API', () => {
  const patch = (id: string, payload: object) =>
    w.t.app.inject({
      method: 'PATCH',
      url: `/api/v1/reviews/${id}`,
      payload,
      headers: { authorization: `Bearer ${token}` },
    });

  it('obeys the same rules as the page', async () => {
    const { id, url } = await w.startReview();
    const missing = await patch(id, { version: 1, status: 'running' });
    expect(missing.statusCode).toBe(400);
    expect(missing.json<{ error: { message: string } }>().error.message).toBe(
      'status: Enter the date the terms of reference were agreed; The scope and terms of reference have not been written',
    );
    expect((await patch(id, { version: 1, status: 'running', title: 'Renamed' })).statusCode).toBe(400);
    await writeScope(url);
    const moved = await patch(id, { version: 1, status: 'running', termsAgreedOn: '2026-11-20' });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json<{ status: string; version: number }>()).toMatchObject({ status: 'running', version: 2 });
    expect((await patch(id, { version: 1, status: 'outputs' })).statusCode).toBe(409);
    expect((await patch(id, { version: 2, status: 'set-up' })).statusCode).toBe(400);
    const back = await patch(id, { version: 2, status: 'set-up', statusReason: 'Scope to widen' });
    expect(back.json<{ status: string }>().status).toBe('set-up');
    const override = await patch(id, { version: 3, status: 'running', statusOverride: true, statusReason: 'Urgent' });
    expect(override.statusCode).toBe(403);
  });
});
