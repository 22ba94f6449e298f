import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readPage } from '../../../test/helpers/html.js';
import { listActions } from './actions.service.js';
import { listFindings } from './findings.service.js';
import { getWrittenResponse } from './response.service.js';
import { auditOf, makeWorld, page, type World } from '../../../test/helpers/actions-world.js';

let w: World;
beforeAll(async () => {
  w = await makeWorld();
});
afterAll(async () => w.t.close());

async function reviewWithActions() {
  const review = await w.startReview();
  await w.manager.post(`${review.url}/findings/new`, { kind: 'recommendation', text: 'Refresh escalation.' });
  const [finding] = await listFindings(w.t.testDb.db, w.orgId, review.id);
  for (const title of ['Refresh the escalation policy', 'Train panel chairs']) {
    await w.manager.post(`${review.url}/actions/new`, {
      kind: 'improvement',
      finding: finding!.id,
      title,
      ownerName: 'Head of safeguarding',
      'due-day': '31',
      'due-month': '3',
      'due-year': '2027',
      status: 'not-started',
    });
  }
  await w.manager.post(`${review.url}/actions/new`, {
    kind: 'review-task',
    title: 'Book the room',
    ownerName: 'Business manager',
    status: 'not-started',
  });
  const actions = await listActions(w.t.testDb.db, w.orgId, review.id);
  return { ...review, actions };
}

const version = (p: ReturnType<typeof readPage>) =>
  p.root.querySelector('form[action$="/response"] input[name=version]')?.getAttribute('value');

describe('the written response', () => {
  it('starts empty, offering the improvement actions only', async () => {
    const { url } = await reviewWithActions();
    const empty = await page(w.manager, `${url}/response`);
    expect(empty.h1).toBe('Written response');
    expect(empty.text('#response-status')).toContain('No one has written the response yet.');
    expect(empty.all('.govuk-checkboxes__label')).toEqual([
      'Action 1: Refresh the escalation policy',
      'Action 2: Train panel chairs',
    ]);
    expect(version(empty)).toBe('0');
    expect(empty.root.querySelector('form[action$="/agree"]')).toBeNull();
  });

  it('saves drafts as versions, keeps history and lists the actions it commits to', async () => {
    const { id, url, actions } = await reviewWithActions();
    const first = await w.manager.post(`${url}/response`, {
      version: '0',
      text: 'The partnership accepts every recommendation.',
      actions: actions[0]!.id,
    });
    expect(first.statusCode).toBe(303);
    const second = await w.chair.post(`${url}/response`, {
      version: '1',
      text: 'The partnership accepts both recommendations.',
      actions: [actions[0]!.id, actions[1]!.id],
    });
    expect(second.statusCode).toBe(303);
    const saved = await page(w.manager, second.headers.location as string);
    expect(saved.text('.govuk-notification-banner')).toContain('The written response has been saved.');
    expect(saved.root.querySelector('#text')?.text).toBe('The partnership accepts both recommendations.');
    expect(saved.root.querySelectorAll('input[name=actions][checked]')).toHaveLength(2);
    expect(saved.text('#history ~ .govuk-details')).toContain('Version 1 (draft)');
    const response = await getWrittenResponse(w.t.testDb.db, w.orgId, id);
    expect([response!.version, response!.status, response!.actionIds.sort()]).toEqual([
      2,
      'draft',
      [actions[0]!.id, actions[1]!.id].sort(),
    ]);
    const audit = await auditOf(w, id);
    expect(audit.filter((a) => a.action === 'written_response.saved')).toHaveLength(2);
    expect(JSON.stringify(audit)).not.toContain('accepts');
    // A review task cannot be committed to.
    expect(
      (await w.manager.post(`${url}/response`, { version: '2', text: 'x', actions: actions[2]!.id })).statusCode,
    ).toBe(400);
  });

  it('shows both versions on a stale save, keeping what was typed', async () => {
    const { url } = await reviewWithActions();
    await w.manager.post(`${url}/response`, { version: '0', text: 'The manager’s draft.' });
    const res = await w.chair.post(`${url}/response`, { version: '0', text: 'The panel member’s draft.' });
    expect(res.statusCode).toBe(409);
    const conflict = readPage(res.body);
    expect(conflict.text('#theirs')).toContain('The manager’s draft.');
    expect(conflict.root.querySelector('#text')?.text).toBe('The panel member’s draft.');
    expect(version(conflict)).toBe('1');
  });

  it('refuses text that is too long, keeping it', async () => {
    const { url } = await reviewWithActions();
    const long = 'a'.repeat(20_001);
    const res = await w.manager.post(`${url}/response`, { version: '0', text: long });
    expect(res.statusCode).toBe(400);
    const p = readPage(res.body);
    expect(p.errorLinks).toEqual([{ text: 'Response must be 20,000 characters or fewer', href: '#text' }]);
    expect(p.root.querySelector('#text')?.text).toBe(long);
  });

  it('is agreed by the chair, locked, and reopened; who and when recorded', async () => {
    const { id, url, actions } = await reviewWithActions();
    await w.manager.post(`${url}/response`, { version: '0', text: '' });
    const blank = await w.chair.post(`${url}/response/agree`, { version: '1' });
    expect(blank.statusCode).toBe(400);
    expect(readPage(blank.body).errorLinks).toEqual([
      { text: 'Write the response and save it before agreeing it', href: '#agree' },
    ]);
    await w.manager.post(`${url}/response`, { version: '1', text: 'Agreed by the board.', actions: actions[1]!.id });
    const draft = await page(w.manager, `${url}/response`);
    expect(draft.root.querySelector('form[action$="/agree"]')).toBeNull();
    expect((await w.manager.post(`${url}/response/agree`, { version: '2' })).statusCode).toBe(403);
    expect((await w.panel.post(`${url}/response/agree`, { version: '2' })).statusCode).toBe(403);

    const chairView = await page(w.chair, `${url}/response`);
    expect(chairView.root.querySelector('form[action$="/agree"]')).not.toBeNull();
    const agreed = await w.chair.post(`${url}/response/agree`, { version: '2' });
    expect(agreed.statusCode).toBe(303);
    const locked = await page(w.manager, `${url}/response`);
    expect(locked.text('#response-status')).toContain(`Agreed by ${w.people.chair.name} on`);
    expect(locked.root.querySelector('#text')).toBeNull();
    expect(locked.text('#response-text')).toContain('Agreed by the board.');
    expect(locked.all('#committed a')).toEqual(['Action 2: Train panel chairs']);
    expect(locked.root.querySelector(`#committed a[href="${url}/actions/${actions[1]!.id}"]`)).not.toBeNull();

    const edit = await w.manager.post(`${url}/response`, { version: '3', text: 'Sneaky change.' });
    expect(edit.statusCode).toBe(409);
    const keep = readPage(edit.body);
    expect(keep.text('#yours')).toContain('Sneaky change.');
    expect((await getWrittenResponse(w.t.testDb.db, w.orgId, id))!.text).toBe('Agreed by the board.');

    expect((await w.admin.post(`${url}/response/reopen`, { version: '2' })).statusCode).toBe(409);
    const reopened = await w.admin.post(`${url}/response/reopen`, { version: '3' });
    expect(reopened.statusCode).toBe(303);
    const after = await getWrittenResponse(w.t.testDb.db, w.orgId, id);
    expect([after!.status, after!.version, after!.agreed_at]).toEqual(['draft', 4, null]);
    const history = (await page(w.manager, `${url}/response`)).all('.govuk-details__summary-text');
    expect(history[0]).toContain('Version 3 (agreed)');
    const audit = (await auditOf(w, id)).map((a) => a.action);
    expect(audit).toContain('written_response.agreed');
    expect(audit).toContain('written_response.reopened');
  });

  it('lets observers and viewers read only; other partnerships get 404', async () => {
    const { url } = await reviewWithActions();
    await w.manager.post(`${url}/response`, { version: '0', text: 'Readable response.' });
    for (const reader of [w.observer, w.viewer]) {
      const p = await page(reader, `${url}/response`);
      expect(p.text('#response-text')).toContain('Readable response.');
      expect(p.root.querySelector('#text')).toBeNull();
      expect((await reader.post(`${url}/response`, { version: '1', text: 'x' })).statusCode).toBe(403);
      expect((await reader.post(`${url}/response/agree`, { version: '1' })).statusCode).toBe(403);
    }
    expect((await w.outsider.get(`${url}/response`)).statusCode).toBe(404);
    expect((await w.outsider.post(`${url}/response/agree`, { version: '1' })).statusCode).toBe(404);
  });
});
