import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readPage } from '../../../test/helpers/html.js';
import { listFindings } from './findings.service.js';
import { listThemes } from './themes.service.js';
import { auditOf, makeWorld, page, type World } from '../../../test/helpers/actions-world.js';

let w: World;
beforeAll(async () => {
  w = await makeWorld();
});
afterAll(async () => w.t.close());

const themeId = async (label: string) => (await listThemes(w.t.testDb.db, w.orgId)).find((t) => t.label === label)!.id;

describe('findings and recommendations', () => {
  it('starts empty, linked from the review page', async () => {
    const { url } = await w.startReview();
    const review = await page(w.manager, url);
    expect(review.root.querySelector(`a[href="${url}/findings"]`)).not.toBeNull();
    expect(review.root.querySelector(`a[href="${url}/actions"]`)).not.toBeNull();
    expect(review.root.querySelector(`a[href="${url}/response"]`)).not.toBeNull();
    const list = await page(w.manager, `${url}/findings`);
    expect(list.h1).toBe('Findings and recommendations');
    expect(list.all('main .app-secondary-text')).toEqual(['No findings yet.', 'No recommendations yet.']);
  });

  it('adds a finding with markers and themes; errors keep what was chosen', async () => {
    const { id, url } = await w.startReview();
    const form = await page(w.manager, `${url}/findings/new?kind=finding`);
    expect(form.h1).toBe('Add a finding');
    const markerLabels = form.all('.govuk-checkboxes__label').slice(0, 2);
    expect(markerLabels).toEqual(['1. Referral', '2. Decision making']);
    const info = await themeId('Information sharing');

    const bad = await w.manager.post(`${url}/findings/new`, {
      kind: 'finding',
      text: ' ',
      markers: ['referral'],
      themes: [info],
    });
    expect(bad.statusCode).toBe(400);
    const badPage = readPage(bad.body);
    expect(badPage.title).toMatch(/^Error: Add a finding – /);
    expect(badPage.errorLinks).toEqual([{ text: 'Enter the text', href: '#text' }]);
    expect(badPage.root.querySelector('input[name=markers][value=referral]')?.hasAttribute('checked')).toBe(true);
    expect(badPage.root.querySelector(`input[name=themes][value="${info}"]`)?.hasAttribute('checked')).toBe(true);

    const text = 'Agencies did not share what they knew about the father’s violence.';
    const saved = await w.manager.post(`${url}/findings/new`, {
      kind: 'finding',
      text,
      markers: ['referral', 'analysis'],
      themes: [info],
    });
    expect(saved.statusCode).toBe(303);
    const list = await page(w.manager, saved.headers.location as string);
    expect(list.text('.govuk-notification-banner')).toContain('Finding 1 added.');
    expect(list.all('.govuk-summary-card__title')).toEqual(['Finding 1']);
    const card = list.text('.govuk-summary-card');
    expect(card).toContain(text);
    expect(card).toContain('1. Referral');
    expect(card).toContain('Information sharing');

    const findings = await listFindings(w.t.testDb.db, w.orgId, id);
    expect(findings.map((f) => [f.kind, f.number, f.markerKeys.sort(), f.themes.map((t) => t.label)])).toEqual([
      ['finding', 1, ['analysis', 'referral'], ['Information sharing']],
    ]);
    expect((await auditOf(w, findings[0]!.id)).map((a) => a.action)).toEqual(['finding.added']);
    expect(JSON.stringify(await auditOf(w, findings[0]!.id))).not.toContain('violence');
  });

  it('numbers findings and recommendations separately, even when added at once', async () => {
    const { id, url } = await w.startReview();
    await Promise.all(
      [1, 2, 3].map((n) => w.manager.post(`${url}/findings/new`, { kind: 'finding', text: `Finding text ${n}` })),
    );
    await w.manager.post(`${url}/findings/new`, {
      kind: 'recommendation',
      text: 'The partnership should refresh its escalation policy.',
    });
    const findings = await listFindings(w.t.testDb.db, w.orgId, id);
    expect(findings.map((f) => `${f.kind} ${f.number}`)).toEqual([
      'finding 1',
      'finding 2',
      'finding 3',
      'recommendation 1',
    ]);
    const list = await page(w.manager, `${url}/findings`);
    expect(list.all('.govuk-summary-card__title')).toEqual(['Finding 1', 'Finding 2', 'Finding 3', 'Recommendation 1']);
  });

  it('edits over the version read; a stale save is a conflict showing both versions', async () => {
    const { id, url } = await w.startReview();
    await w.manager.post(`${url}/findings/new`, { kind: 'finding', text: 'First words.' });
    const [finding] = await listFindings(w.t.testDb.db, w.orgId, id);
    const edit = `${url}/findings/${finding!.id}`;
    const form = await page(w.chair, edit);
    expect(form.h1).toBe('Change finding 1');
    expect(form.root.querySelector('#text')?.text).toBe('First words.');
    expect(form.root.querySelector('input[name=version]')?.getAttribute('value')).toBe('1');

    const ok = await w.manager.post(edit, { version: '1', text: 'The manager’s words.', markers: ['governance'] });
    expect(ok.statusCode).toBe(303);
    const stale = await w.chair.post(edit, { version: '1', text: 'The panel member’s words.' });
    expect(stale.statusCode).toBe(409);
    const conflict = readPage(stale.body);
    expect(conflict.text('.govuk-notification-banner')).toContain(
      'Someone else saved this finding while you were editing',
    );
    expect(conflict.text('#theirs')).toContain('The manager’s words.');
    expect(conflict.text('#theirs')).toContain('7. Governance');
    expect(conflict.root.querySelector('#text')?.text).toBe('The panel member’s words.');
    expect(conflict.root.querySelector('input[name=version]')?.getAttribute('value')).toBe('2');
    expect((await w.chair.post(edit, { version: '2', text: 'The panel member’s words.' })).statusCode).toBe(303);

    const [after] = await listFindings(w.t.testDb.db, w.orgId, id);
    expect([after!.text, after!.version, after!.markerKeys]).toEqual(['The panel member’s words.', 3, []]);
    const revisions = await w.t.testDb.db
      .selectFrom('revision')
      .select('data')
      .where('record_id', '=', finding!.id)
      .orderBy('version')
      .execute();
    expect(revisions.map((r) => (JSON.parse(r.data) as { text: string }).text)).toEqual([
      'First words.',
      'The manager’s words.',
    ]);
  });

  it('refuses markers and themes that were not offered, and archived themes for new findings', async () => {
    const { url } = await w.startReview();
    expect(
      (await w.manager.post(`${url}/findings/new`, { kind: 'finding', text: 'x', markers: ['no-such-marker'] }))
        .statusCode,
    ).toBe(400);
    const archivedId = await themeId('Think family');
    await w.admin.post(`/admin/themes/${archivedId}/archive`, { action: 'archive' });
    const form = await page(w.manager, `${url}/findings/new`);
    expect(form.root.querySelector(`input[value="${archivedId}"]`)).toBeNull();
    expect(
      (await w.manager.post(`${url}/findings/new`, { kind: 'finding', text: 'x', themes: [archivedId] })).statusCode,
    ).toBe(400);
    await w.admin.post(`/admin/themes/${archivedId}/archive`, { action: 'restore' });
  });

  it('lets observers and viewers read only; other partnerships get 404', async () => {
    const { id, url } = await w.startReview();
    await w.manager.post(`${url}/findings/new`, { kind: 'finding', text: 'Readable.' });
    const [finding] = await listFindings(w.t.testDb.db, w.orgId, id);
    for (const reader of [w.observer, w.viewer]) {
      const list = await page(reader, `${url}/findings`);
      expect(list.text('.govuk-summary-card')).toContain('Readable.');
      expect(list.root.querySelectorAll('.govuk-summary-card__actions a')).toHaveLength(0);
      expect((await reader.get(`${url}/findings/new`)).statusCode).toBe(403);
      expect((await reader.post(`${url}/findings/new`, { kind: 'finding', text: 'x' })).statusCode).toBe(403);
      expect((await reader.post(`${url}/findings/${finding!.id}`, { version: '1', text: 'x' })).statusCode).toBe(403);
    }
    expect((await w.chair.get(`${url}/findings/${finding!.id}`)).statusCode).toBe(200);
    expect((await w.admin.get(`${url}/findings/${finding!.id}`)).statusCode).toBe(200);
    expect((await w.outsider.get(`${url}/findings`)).statusCode).toBe(404);
    expect((await w.outsider.get(`${url}/findings/${finding!.id}`)).statusCode).toBe(404);
    expect((await auditOf(w, id)).map((a) => a.action)).toContain('review.findings_viewed');
  });

  it('offers the markers of the review’s own framework (SAR)', async () => {
    const { url } = await w.startReview({ type: 'sar' });
    const form = await page(w.manager, `${url}/findings/new?kind=recommendation`);
    expect(form.h1).toBe('Add a recommendation');
    expect(form.all('.govuk-checkboxes__label')).toContain(
      '3. Informing the person, members of their family and social network',
    );
  });
});
