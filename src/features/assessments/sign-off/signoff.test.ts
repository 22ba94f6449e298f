import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../../test/helpers/app.js';
import type { Client } from '../../../../test/helpers/client.js';
import { formValues, readPage } from '../../../../test/helpers/html.js';
import { roundThroughForm } from '../../../../test/helpers/reviews.js';
import { reviewWithTeam } from '../../../../test/helpers/round-world.js';

let t: TestApp;
let manager: Client;
let chair: Client;
let panel: Client;
let reviewUrl: string;

beforeAll(async () => {
  t = await buildTestApp();
  ({ manager, chair, panel, reviewUrl } = await reviewWithTeam(t, {
    reference: 'LCSPR 1',
    subjectPseudonym: 'Child A',
  }));
});
afterAll(async () => t.close());

describe('sign-off', () => {
  it('sends, returns with comments, approves and locks, then reopens', async () => {
    const roundUrl = await roundThroughForm(manager, reviewUrl, { purpose: 'retrospective' });
    const signOff = `${roundUrl}/sign-off`;

    expect((await panel.post(signOff, { action: 'send', confirm: 'yes' })).statusCode).toBe(403);
    expect((await manager.post(signOff, { action: 'send', confirm: 'yes' })).statusCode).toBe(303);
    expect(readPage((await chair.get(roundUrl)).body).text('.app-signoff')).toContain('Awaiting sign-off');

    expect((await manager.post(signOff, { action: 'approve' })).statusCode).toBe(403);
    const empty = await chair.post(signOff, { action: 'return', comment: '   ' });
    expect(empty.statusCode).toBe(400);
    const emptyPage = readPage(empty.body);
    expect(emptyPage.title).toMatch(/^Error: Round 1 – /);
    expect(emptyPage.errorLinks).toEqual([{ text: 'Enter comments saying what needs to change', href: '#comment' }]);
    expect(emptyPage.text('#comment-error')).toContain('Enter comments saying what needs to change');
    const long = 'Too long. '.repeat(501);
    const tooLong = await chair.post(signOff, { action: 'approve', comment: long });
    expect(tooLong.statusCode).toBe(400);
    const tooLongPage = readPage(tooLong.body);
    expect(tooLongPage.errorLinks).toEqual([{ text: 'Comments must be 5,000 characters or fewer', href: '#comment' }]);
    expect(tooLongPage.root.querySelector('#comment')?.textContent, 'what was typed is kept').toBe(long);
    expect(readPage((await chair.get(roundUrl)).body).text('.app-signoff')).toContain('Awaiting sign-off');
    // Someone who may not sign off gets the refusal, not the chair's form.
    expect((await manager.post(signOff, { action: 'return', comment: '' })).statusCode).toBe(403);
    expect(
      (await chair.post(signOff, { action: 'return', comment: 'Add the rationale for marker 7' })).statusCode,
    ).toBe(303);
    expect(readPage((await manager.get(roundUrl)).body).text('.app-signoff')).toContain(
      'Add the rationale for marker 7',
    );

    await manager.post(signOff, { action: 'send', confirm: 'yes' });
    expect((await chair.post(signOff, { action: 'approve' })).statusCode).toBe(303);
    const locked = readPage((await manager.get(`${roundUrl}/markers/referral`)).body);
    expect(locked.text('main')).toContain('This round is signed off and locked.');
    expect(locked.root.querySelector('textarea')).toBeNull();
    // Sent from the marker page before the round was signed off: refused, with the way back to that page.
    const markerPage = `${roundUrl}/markers/referral`;
    const lockedWrite = {
      judgement: 'met',
      rationale: 'Referral made the same day',
      status: 'completed',
      version: '1',
    };
    const write = await manager.post(markerPage, lockedWrite, {
      headers: { referer: `http://localhost${markerPage}?from=form` },
    });
    expect(write.statusCode).toBe(409);
    const refused = readPage(write.body);
    expect(refused.text('main')).toContain('This round has been signed off and is locked');
    expect(refused.root.querySelector('main a[href^="/reviews"]')?.getAttribute('href')).toBe(
      `${markerPage}?from=form`,
    );
    // A page of another site, or a path another site could be reached by, is never offered.
    for (const referer of ['https://evil.example/reviews', `http://localhost//evil.example${markerPage}`]) {
      const elsewhere = readPage((await manager.post(markerPage, lockedWrite, { headers: { referer } })).body);
      expect(elsewhere.root.querySelectorAll('main a').map((a) => a.getAttribute('href'))).toEqual(['/']);
    }

    expect((await chair.post(signOff, { action: 'reopen' })).statusCode).toBe(303);
    expect(
      readPage((await manager.get(`${roundUrl}/markers/referral`)).body).root.querySelector('textarea'),
    ).not.toBeNull();

    const events = await t.testDb.db
      .selectFrom('audit_event')
      .select('action')
      .where('action', 'like', 'round.sign_off.%')
      .orderBy('seq')
      .execute();
    expect(events.map((e) => e.action)).toEqual([
      'round.sign_off.send',
      'round.sign_off.return',
      'round.sign_off.send',
      'round.sign_off.approve',
      'round.sign_off.reopen',
    ]);
  });
});

describe('the progress shown for sign-off', () => {
  it('re-shows the round page with the error and the chair’s comments when the round moved on first', async () => {
    const roundUrl = await roundThroughForm(manager, reviewUrl, { purpose: 'planning' });
    const signOff = `${roundUrl}/sign-off`;
    expect((await manager.post(signOff, { action: 'send', confirm: 'yes' })).statusCode).toBe(303);
    expect((await chair.post(signOff, { action: 'approve' })).statusCode).toBe(303);
    // The chair's second tab, still showing the round awaiting sign-off, returns it with comments.
    const stale = await chair.post(signOff, { action: 'return', comment: 'Redo the chronology' });
    expect(stale.statusCode).toBe(409);
    const page = readPage(stale.body);
    expect(page.title).toMatch(/^Error: Round \d+ – /);
    expect(page.errorLinks).toEqual([
      {
        text:
          'The round has moved on since you loaded the page: nothing was changed. Check the sign-off below and try ' +
          'again. Your comments were not saved: “Redo the chronology”',
        href: '#signoff-heading',
      },
    ]);
    expect(page.root.querySelector('#signoff-heading')).not.toBeNull();
    expect(page.text('.app-signoff')).toContain('Signed off');
    // Nothing changed: still approved, no comment recorded.
    expect(readPage((await manager.get(roundUrl)).body).text('.app-signoff')).not.toContain('Redo the chronology');
    expect((await chair.post(signOff, { action: 'reopen' })).statusCode).toBe(303);
  });

  it('counts completed markers, and lists the rest to the chair while the round awaits sign-off', async () => {
    const roundUrl = await roundThroughForm(manager, reviewUrl, { purpose: 'retrospective' });
    const panelText = async (client: Client) => readPage((await client.get(roundUrl)).body).text('.app-signoff');
    expect(await panelText(manager)).toContain('0 of 18 markers completed.');
    for (const key of ['referral', 'decision-making']) {
      const url = `${roundUrl}/markers/${key}`;
      const page = readPage((await manager.get(url)).body);
      const done = { judgement: 'met', status: 'completed', rationale: 'Seen in the panel minutes' };
      expect((await manager.post(url, formValues(page, 'form[data-module]', done))).statusCode).toBe(303);
    }
    const open = await panelText(manager);
    expect(open).toContain('2 of 18 markers completed.');
    expect(open).not.toContain('Not completed yet');
    // Sending asks first, listing the markers not completed, and changes nothing until confirmed.
    const asked = await manager.post(`${roundUrl}/sign-off`, { action: 'send' });
    expect(asked.statusCode).toBe(200);
    const confirm = readPage(asked.body);
    expect(confirm.h1).toMatch(/^Send round \d+ for sign-off with 16 markers not completed\?$/);
    const listed = confirm.all('#not-completed li');
    expect(listed).toHaveLength(16);
    expect(listed.slice(0, 2)).toEqual(['3. Advising board members', '4. Informing the family']);
    expect(await panelText(manager)).toContain('This round is open for work.');
    expect((await manager.post(`${roundUrl}/sign-off`, formValues(confirm, 'main form'))).statusCode).toBe(303);
    const awaiting = await panelText(chair);
    expect(awaiting).toContain('2 of 18 markers completed.');
    expect(awaiting).toContain('Not completed yet: 3. Advising board members; 4. Informing the family;');
    expect(awaiting).not.toContain('1. Referral');
    expect((await chair.post(`${roundUrl}/sign-off`, { action: 'approve' })).statusCode).toBe(303);
    expect(await panelText(chair)).not.toContain('markers completed');
  });
});

describe('history', () => {
  it('keeps every version with who saved it, and restores one as a new version', async () => {
    const roundUrl = await roundThroughForm(manager, reviewUrl, { purpose: 'planning' });
    const markerUrl = `${roundUrl}/markers/analysis`;
    const save = async (rationale: string, version: number) =>
      manager.post(markerUrl, {
        version: String(version),
        'original-judgement': 'not-yet-assessed',
        'original-status': 'not-started',
        'original-rationale': '',
        'original-owner': '',
        judgement: 'partly-met',
        status: 'in-progress',
        rationale,
        owner: '',
      });
    expect((await save('First thoughts', 1)).statusCode).toBe(303);
    expect((await save('Second thoughts', 2)).statusCode).toBe(303);
    const history = readPage((await manager.get(`${markerUrl}/history`)).body);
    const rows = history.all('table:first-of-type tbody tr');
    expect(rows[0]).toContain('3 (current)');
    // When, in UK time the GOV.UK way, and who.
    expect(rows[0]).toMatch(/\b\d{1,2} [A-Z][a-z]+ \d{4} at \d{1,2}:\d\d[ap]m by /);
    expect(rows[0]).toContain('Second thoughts');
    expect(rows[1]).toContain('First thoughts');
    expect(rows[2], rows[2]).toContain('Not yet assessed');

    const restored = await manager.post(`${markerUrl}/history/restore`, {
      kind: 'record',
      version: '2',
      currentVersion: '3',
    });
    expect(restored.statusCode).toBe(303);
    const after = readPage((await manager.get(markerUrl)).body);
    expect(after.root.querySelector('#rationale')?.text).toBe('First thoughts');
    const stale = await manager.post(`${markerUrl}/history/restore`, {
      kind: 'record',
      version: '1',
      currentVersion: '3',
    });
    expect(stale.statusCode).toBe(409);
    const again = readPage(stale.body);
    expect(again.title).toMatch(/^Error: History: /);
    expect(again.errorLinks).toEqual([
      {
        text: 'Someone changed this since you opened the history: nothing was restored. Their change is shown below',
        href: '#history-heading',
      },
    ]);
    expect(again.root.querySelector('#history-heading')).not.toBeNull();
    expect(again.root.querySelectorAll('form[action$="/history/restore"]').length).toBeGreaterThan(0);
  });
});
