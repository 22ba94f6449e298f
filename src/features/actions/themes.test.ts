import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readPage } from '../../../test/helpers/html.js';
import { ADULT_THEMES, CHILDREN_THEMES, DEFAULT_THEMES, themesForKind } from './actions.options.js';
import { createOrganisation } from '../organisations/organisations.service.js';
import { up as seedThemesByKind } from '../../db/migrations/2026-12-07T0600-learning-themes-by-kind.js';
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

describe('learning themes by the kind of partnership (issue 16 §3)', () => {
  const system = { userId: null, organisationId: null, ip: null, userAgent: null };
  const labelsOf = async (organisationId: string) =>
    (await listThemes(w.t.testDb.db, organisationId)).map((t) => t.label);

  it('are seeded when a partnership is created: children, adults, or both lists once each', async () => {
    const db = w.t.testDb.db;
    const children = await createOrganisation(db, { name: 'Kind Children', kind: 'children' }, system);
    const adults = await createOrganisation(db, { name: 'Kind Adults', kind: 'adults' }, system);
    const both = await createOrganisation(db, { name: 'Kind Both', kind: 'both' }, system);
    expect(await labelsOf(children.id)).toEqual([...CHILDREN_THEMES]);
    expect(await labelsOf(adults.id)).toEqual([...ADULT_THEMES]);
    expect(ADULT_THEMES).toEqual(
      expect.arrayContaining(['Self-neglect', 'Mental capacity', 'Making Safeguarding Personal', 'Carers']),
    );
    const all = await labelsOf(both.id);
    expect(all.slice(0, CHILDREN_THEMES.length)).toEqual([...CHILDREN_THEMES]);
    expect(all).toEqual(expect.arrayContaining([...ADULT_THEMES]));
    expect(all.filter((l) => l === 'Domestic abuse')).toHaveLength(1);
    expect(themesForKind('both')).toEqual(all);
  });

  it('are never written by a page that lists them', async () => {
    const db = w.t.testDb.db;
    const other = await db
      .selectFrom('organisation')
      .select('id')
      .where('name', '=', 'Otherton Partnership')
      .executeTakeFirstOrThrow();
    await db.deleteFrom('learning_theme').where('organisation_id', '=', other.id).execute();
    const before = await db.selectFrom('learning_theme').select('id').execute();
    expect(await listThemes(db, other.id)).toEqual([]);
    const list = await page(w.outsider, '/admin/themes');
    expect(list.all('#themes tbody tr')).toEqual([]);
    expect(await db.selectFrom('learning_theme').select('id').execute()).toHaveLength(before.length);
  });

  it('are seeded once by the migration for partnerships that had none, by kind, keeping any that had some', async () => {
    const db = w.t.testDb.db;
    const adults = await createOrganisation(db, { name: 'Migrated Adults', kind: 'adults' }, system);
    await db.deleteFrom('learning_theme').where('organisation_id', '=', adults.id).execute();
    const kept = await labelsOf(w.orgId);
    await seedThemesByKind(db as never);
    expect(await labelsOf(adults.id)).toEqual([...ADULT_THEMES]);
    expect(await labelsOf(w.orgId)).toEqual(kept);
  });
});
