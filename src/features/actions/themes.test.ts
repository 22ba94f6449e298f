import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readPage } from '../../../test/helpers/html.js';
import { DEFAULT_THEMES } from './actions.options.js';
import { ensureThemes, listThemes } from './themes.service.js';
import { makeWorld, page, type World } from '../../../test/helpers/actions-world.js';

let w: World;
beforeAll(async () => {
  w = await makeWorld();
});
afterAll(async () => w.t.close());

describe('learning themes', () => {
  it('are seeded once, even when many requests ask for them at the same moment', async () => {
    const db = w.t.testDb.db;
    await Promise.all(Array.from({ length: 6 }, () => ensureThemes(db, w.orgId)));
    await ensureThemes(db, w.orgId);
    const themes = await listThemes(db, w.orgId);
    expect(themes.map((t) => t.label)).toEqual([...DEFAULT_THEMES]);
    for (const label of ['Information sharing', 'Voice of the child', 'Exploitation', 'Multi-agency working']) {
      expect(themes.map((t) => t.label)).toContain(label);
    }
  });

  it('lists them for partnership admins only', async () => {
    const list = await page(w.admin, '/admin/themes');
    expect(list.h1).toBe('Learning themes');
    expect(list.all('#themes tbody tr td:first-child')).toEqual([...DEFAULT_THEMES]);
    expect(list.root.querySelector('.app-admin-nav a[href="/admin/themes"]')).not.toBeNull();
    expect((await w.manager.get('/admin/themes')).statusCode).toBe(403);
    expect((await w.viewer.get('/admin/themes')).statusCode).toBe(403);
    expect((await w.manager.post('/admin/themes', { label: 'Sneaky' })).statusCode).toBe(403);
  });

  it('adds a theme, refusing an empty or duplicate name and keeping what was typed', async () => {
    const empty = await w.admin.post('/admin/themes', { label: '  ' });
    expect(empty.statusCode).toBe(400);
    const emptyPage = readPage(empty.body);
    expect(emptyPage.title).toBe('Error: Learning themes – Quality Markers');
    expect(emptyPage.errorLinks).toEqual([{ text: 'Enter the name of the theme', href: '#label' }]);

    const dup = await w.admin.post('/admin/themes', { label: 'neglect' });
    expect(dup.statusCode).toBe(400);
    const dupPage = readPage(dup.body);
    expect(dupPage.errorLinks).toEqual([{ text: 'There is already a theme called neglect', href: '#label' }]);
    expect(dupPage.root.querySelector('#label')?.getAttribute('value')).toBe('neglect');

    const added = await w.admin.post('/admin/themes', { label: 'Bruising in non-mobile babies' });
    expect(added.statusCode).toBe(303);
    const list = await page(w.admin, added.headers.location as string);
    expect(list.text('.govuk-notification-banner')).toContain('Theme added.');
    expect(list.all('#themes tbody tr td:first-child').at(-1)).toBe('Bruising in non-mobile babies');
  });

  it('renames and archives a theme, then restores it; audited without the text', async () => {
    const themes = await listThemes(w.t.testDb.db, w.orgId);
    const neglect = themes.find((t) => t.label === 'Neglect')!;
    const form = await page(w.admin, `/admin/themes/${neglect.id}`);
    expect(form.h1).toBe('Change a learning theme');
    const clash = await w.admin.post(`/admin/themes/${neglect.id}`, { label: 'Escalation' });
    expect(clash.statusCode).toBe(400);
    expect(readPage(clash.body).errorLinks[0]?.text).toBe('There is already a theme called Escalation');
    expect((await w.admin.post(`/admin/themes/${neglect.id}`, { label: 'Neglect and poverty' })).statusCode).toBe(303);

    const archived = await w.admin.post(`/admin/themes/${neglect.id}/archive`, { action: 'archive' });
    expect(archived.headers.location).toBe('/admin/themes?done=archived');
    const list = await page(w.admin, '/admin/themes');
    const row = list.root.querySelectorAll('#themes tbody tr').find((r) => r.text.includes('Neglect and poverty'))!;
    expect(row.text).toContain('Archived');
    expect((await w.admin.post(`/admin/themes/${neglect.id}/archive`, { action: 'restore' })).statusCode).toBe(303);
    expect((await listThemes(w.t.testDb.db, w.orgId)).find((t) => t.id === neglect.id)?.archived_at).toBeNull();

    const audit = await w.t.testDb.db
      .selectFrom('audit_event')
      .select(['action', 'detail'])
      .where('object_id', '=', neglect.id)
      .orderBy('seq')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['theme.renamed', 'theme.archived', 'theme.restored']);
    expect(JSON.stringify(audit)).not.toContain('poverty');
  });

  it('keeps another partnership’s themes out of reach', async () => {
    const theme = (await listThemes(w.t.testDb.db, w.orgId))[0]!;
    expect((await w.outsider.get(`/admin/themes/${theme.id}`)).statusCode).toBe(404);
    expect((await w.outsider.post(`/admin/themes/${theme.id}/archive`, { action: 'archive' })).statusCode).toBe(404);
    expect((await w.outsider.post(`/admin/themes/${theme.id}`, { label: 'Taken over' })).statusCode).toBe(404);
  });
});
