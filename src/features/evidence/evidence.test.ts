import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../../test/helpers/app.js';
import type { Client } from '../../../test/helpers/client.js';
import { readPage } from '../../../test/helpers/html.js';
import { GIF, PNG, upload, evidenceWorld } from './evidence.fixture.js';

let t: TestApp;
let panel: Client;
let observer: Client;
let outsider: Client;
let foreign: Client;
let roundUrl: string;
let markerUrl: string;

beforeAll(async () => {
  ({ t, panel, observer, outsider, foreign, roundUrl, markerUrl } = await evidenceWorld());
});
afterAll(async () => t.close());

const evidenceRows = () => t.testDb.db.selectFrom('evidence').selectAll().orderBy('created_at').orderBy('id').execute();

describe('evidence on a marker', () => {
  it('adds a link and a note, and keeps the input with GOV.UK errors when something is wrong', async () => {
    const bad = await panel.post(`${markerUrl}/evidence/link`, { title: 'Panel terms', url: 'http://example.org/x' });
    expect(bad.statusCode).toBe(400);
    const page = readPage(bad.body);
    expect(page.title).toMatch(/^Error: /);
    expect(page.errorLinks).toEqual([
      { text: 'Enter a web address in the correct format, like https://www.example.com', href: '#evidence-link-url' },
    ]);
    expect(page.root.querySelector('#evidence-link-title')?.getAttribute('value')).toBe('Panel terms');
    expect(page.root.querySelector('#evidence-link-url')?.getAttribute('value')).toBe('http://example.org/x');

    const noTitle = readPage((await panel.post(`${markerUrl}/evidence/note`, { title: '', note: '' })).body);
    expect(noTitle.errorLinks.map((l) => l.text)).toEqual(['Enter a title', 'Enter the note']);

    expect(
      (await panel.post(`${markerUrl}/evidence/link`, { title: 'Panel terms', url: 'https://example.org/terms' }))
        .statusCode,
    ).toBe(303);
    const note = await panel.post(`${markerUrl}/evidence/note`, { title: 'Chair’s view', note: 'Agreed at panel.' });
    expect(note.statusCode).toBe(303);
    expect(note.headers.location).toBe(`${markerUrl}?saved#evidence`);
    // The audit records that evidence was added, never its title or text.
    const added = await t.testDb.db
      .selectFrom('audit_event')
      .select(['action', 'detail'])
      .where('action', 'like', 'evidence.%')
      .execute();
    expect(added.map((e) => e.action)).toEqual(['evidence.added', 'evidence.added']);
    for (const e of added) expect(e.detail ?? '').not.toMatch(/Panel terms|Agreed/);

    const list = readPage((await observer.get(markerUrl)).body);
    const items = list.all('.app-evidence-item');
    expect(items[0]).toContain('Panel terms');
    expect(list.root.querySelector('.app-evidence-item a')?.getAttribute('href')).toBe('https://example.org/terms');
    expect(items[1]).toContain('Agreed at panel.');
    // The observer can read but not add or delete.
    expect(list.root.querySelector('#evidence-link-url')).toBeNull();
    expect(list.text('#evidence')).not.toContain('Delete');
  });

  it('lets only people who can edit add or delete; others on the team read; no one else sees it', async () => {
    const png = { name: 'p.png', type: 'image/png', data: PNG };
    // The file the rest of this file reads and deletes.
    const added = await upload(panel, `${markerUrl}/evidence/file`, { title: 'Family tree' }, png);
    expect(added.statusCode, added.body).toBe(303);
    expect((await upload(observer, `${markerUrl}/evidence/file`, {}, png)).statusCode).toBe(403);
    expect((await observer.post(`${markerUrl}/evidence/note`, { title: 'x', note: 'y' })).statusCode).toBe(403);
    const file = (await evidenceRows()).find((r) => r.kind === 'file')!;
    expect((await observer.post(`${markerUrl}/evidence/${file.id}/delete`)).statusCode).toBe(403);
    expect((await outsider.get(`${markerUrl}/evidence/${file.id}`)).statusCode).toBe(404);
    expect((await foreign.get(`${markerUrl}/evidence/${file.id}`)).statusCode).toBe(404);
    expect((await upload(foreign, `${markerUrl}/evidence/file`, {}, png)).statusCode).toBe(404);
    // The CSRF token is checked on a multipart form too.
    const forged = await panel.postMultipart(
      `${markerUrl}/evidence/file`,
      {},
      { file: { name: 'p.png', type: 'image/png', data: PNG } },
      { csrf: false },
    );
    expect(forged.statusCode).toBe(403);
    const anonymous = await t.app.inject({ method: 'POST', url: `${markerUrl}/evidence/file`, payload: {} });
    expect(anonymous.statusCode).toBe(303);
    expect(anonymous.headers.location).toMatch(/^\/sign-in/);
  });

  it('deletes softly, with an audit event, and a locked round refuses changes', async () => {
    const file = (await evidenceRows()).find((r) => r.kind === 'file' && !r.deleted_at)!;
    // Delete asks first: the list links to a page that names what goes; only its button deletes.
    const listed = readPage((await panel.get(markerUrl)).body);
    const link = listed.root.querySelector(`a[href="${markerUrl}/evidence/${file.id}/delete"]`);
    expect(link?.text.replace(/\s+/g, ' ')).toBe(`Delete ${file.title}`);
    const asked = readPage((await panel.get(`${markerUrl}/evidence/${file.id}/delete`)).body);
    expect(asked.text('h1')).toBe(`Are you sure you want to delete ${file.title}?`);
    expect(asked.root.querySelector(`form[action="${markerUrl}/evidence/${file.id}/delete"] button`)?.text.trim()).toBe(
      'Delete evidence',
    );
    expect((await evidenceRows()).find((r) => r.id === file.id)!.deleted_at, 'asking deletes nothing').toBeNull();
    expect((await observer.get(`${markerUrl}/evidence/${file.id}/delete`)).statusCode).toBe(403);
    expect((await panel.get(`${markerUrl}/evidence/no-such-id/delete`)).statusCode).toBe(404);
    expect((await panel.post(`${markerUrl}/evidence/${file.id}/delete`)).statusCode).toBe(303);
    expect((await panel.get(`${markerUrl}/evidence/${file.id}/delete`)).statusCode, 'gone once deleted').toBe(404);
    const after = (await evidenceRows()).find((r) => r.id === file.id)!;
    expect(after.deleted_at).not.toBeNull();
    expect(after.content).not.toBeNull();
    expect((await panel.get(`${markerUrl}/evidence/${file.id}`)).statusCode).toBe(404);
    expect(readPage((await panel.get(markerUrl)).body).text('#evidence')).not.toContain(file.title);
    const deleted = await t.testDb.db
      .selectFrom('audit_event')
      .select(['object_id'])
      .where('action', '=', 'evidence.deleted')
      .execute();
    expect(deleted).toEqual([{ object_id: file.id }]);

    await t.testDb.db
      .updateTable('assessment_round')
      .set({ status: 'approved' })
      .where('id', '=', roundUrl.split('/').pop()!)
      .execute();
    expect(
      (await panel.post(`${markerUrl}/evidence/link`, { title: 'x', url: 'https://example.org' })).statusCode,
    ).toBe(409);
    expect(
      (await upload(panel, `${markerUrl}/evidence/file`, {}, { name: 'g.gif', type: 'image/gif', data: GIF }))
        .statusCode,
    ).toBe(409);
    const locked = readPage((await panel.get(markerUrl)).body);
    expect(locked.root.querySelector('#evidence-link-url')).toBeNull();
    expect(locked.all('.app-evidence-item').length).toBeGreaterThan(0);
  });
});
