import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../../test/helpers/app.js';
import type { Client } from '../../../test/helpers/client.js';
import { readPage } from '../../../test/helpers/html.js';
import { hiddenEntryZipBomb, ole2DifatLoop } from '../../../test/helpers/hostile-files.js';
import { EXE, GIF, PDF, PNG, TEXT, upload, evidenceWorld, zipOf } from './evidence.fixture.js';

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

    const list = readPage((await observer.get(markerUrl)).body);
    const items = list.all('.app-evidence-item');
    expect(items[0]).toContain('Panel terms');
    expect(list.root.querySelector('.app-evidence-item a')?.getAttribute('href')).toBe('https://example.org/terms');
    expect(items[1]).toContain('Agreed at panel.');
    // The observer can read but not add or delete.
    expect(list.root.querySelector('#evidence-link-url')).toBeNull();
    expect(list.text('#evidence')).not.toContain('Delete');
  });

  it('uploads a Word file checked by its content, stores its SHA-256 and downloads it as an attachment', async () => {
    const docx = await zipOf({ '[Content_Types].xml': '<Types/>', 'word/document.xml': '<w:document/>' });
    const res = await upload(
      panel,
      `${markerUrl}/evidence/file`,
      { title: '' },
      { name: 'Minutes of panel.docx', type: 'application/octet-stream', data: docx },
    );
    expect(res.statusCode, res.body).toBe(303);
    const row = (await evidenceRows()).find((r) => r.kind === 'file')!;
    expect(row).toMatchObject({
      title: 'Minutes of panel.docx',
      file_name: 'Minutes of panel.docx',
      content_type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      size_bytes: docx.length,
      sha256: createHash('sha256').update(docx).digest('hex'),
    });

    const page = readPage((await observer.get(markerUrl)).body);
    const link = page.root.querySelectorAll('.app-evidence-item a').find((a) => a.text.includes('Minutes'))!;
    expect(page.text('#evidence')).toContain(row.sha256!);
    const download = await observer.get(link.getAttribute('href')!);
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toBe(row.content_type);
    expect(download.headers['content-disposition']).toBe(
      `attachment; filename="Minutes of panel.docx"; filename*=UTF-8''Minutes%20of%20panel.docx`,
    );
    expect(download.headers['x-content-type-options']).toBe('nosniff');
    expect(download.rawPayload.equals(docx)).toBe(true);

    const events = await t.testDb.db
      .selectFrom('audit_event')
      .select(['action', 'detail'])
      .where('action', 'like', 'evidence.%')
      .orderBy('seq')
      .execute();
    expect(events.map((e) => e.action)).toEqual([
      'evidence.added',
      'evidence.added',
      'evidence.added',
      'evidence.downloaded',
    ]);
    for (const e of events) expect(e.detail ?? '').not.toMatch(/Minutes|Panel terms|Agreed/);
  });

  it('accepts a PDF over the usual 1 MB limit, refuses one over 20 MB, and keeps 1 MB everywhere else', async () => {
    const big = Buffer.concat([PDF, Buffer.alloc(3 * 1024 * 1024, 0x20)]);
    expect(
      (
        await upload(
          panel,
          `${markerUrl}/evidence/file`,
          { title: 'Chronology' },
          { name: 'c.pdf', type: 'application/pdf', data: big },
        )
      ).statusCode,
    ).toBe(303);

    const huge = Buffer.concat([PDF, Buffer.alloc(20 * 1024 * 1024, 0x20)]);
    const refused = await upload(
      panel,
      `${markerUrl}/evidence/file`,
      { title: 'Too big' },
      { name: 'h.pdf', type: 'application/pdf', data: huge },
    );
    expect(refused.statusCode).toBe(400);
    const page = readPage(refused.body);
    expect(page.errorLinks).toEqual([{ text: 'The selected file must be smaller than 20 MB', href: '#evidence-file' }]);
    expect(page.root.querySelector('#evidence-file-title')?.getAttribute('value')).toBe('Too big');

    const form = await panel.post(`${markerUrl}/evidence/note`, { title: 'Long', note: 'x'.repeat(1024 * 1024 + 10) });
    expect(form.statusCode).toBe(413);
  });

  it('refuses a renamed program, text with a NUL or not in UTF-8, and asks for a file when there is none', async () => {
    for (const [name, type, data] of [
      ['report.pdf', 'application/pdf', EXE],
      ['minutes.txt', 'text/plain', Buffer.from('Panel minutes\u0000 with a NUL byte\n')],
      ['notes.txt', 'text/plain', Buffer.from([0x4e, 0x6f, 0x74, 0x65, 0xff, 0xfe, 0x0a])],
      ['photo.png', 'image/png', await zipOf({ 'run.exe': 'MZ' })],
    ] as const) {
      const res = await upload(panel, `${markerUrl}/evidence/file`, {}, { name, type, data });
      expect(res.statusCode).toBe(400);
      expect(readPage(res.body).errorLinks[0]?.text).toBe(
        'The selected file must be a PDF, Word document, Excel spreadsheet, image or plain text file',
      );
    }
    const none = await upload(
      panel,
      `${markerUrl}/evidence/file`,
      { title: 'x' },
      { name: '', type: 'application/octet-stream', data: Buffer.alloc(0) },
    );
    expect(readPage(none.body).errorLinks[0]?.text).toBe('Select a file');
    const missing = await upload(panel, `${markerUrl}/evidence/file`, { title: 'x' });
    expect(readPage(missing.body).errorLinks[0]?.text).toBe('Select a file');
    expect((await evidenceRows()).filter((r) => r.kind === 'file')).toHaveLength(2);
  });

  it('refuses a 1 KB "Word" file whose DIFAT loops and a Word file whose ZIP hides an entry', async () => {
    for (const [name, data] of [
      ['minutes.doc', ole2DifatLoop()],
      ['minutes.docx', hiddenEntryZipBomb()],
    ] as const) {
      const res = await upload(
        panel,
        `${markerUrl}/evidence/file`,
        { title: 'Minutes' },
        { name, type: 'application/msword', data },
      );
      expect(res.statusCode).toBe(400);
      expect(readPage(res.body).errorLinks).toEqual([
        {
          text: 'The selected file must be a PDF, Word document, Excel spreadsheet, image or plain text file',
          href: '#evidence-file',
        },
      ]);
    }
    expect((await evidenceRows()).filter((r) => r.kind === 'file')).toHaveLength(2);
  });

  it('takes a plain text file, by its content, and explains the SHA-256 where it shows it', async () => {
    const text = Buffer.from('Chronology agreed at the panel – 3 March\r\nNo further changes.\n', 'utf8');
    const res = await upload(
      panel,
      `${markerUrl}/evidence/file`,
      { title: 'Chronology notes' },
      { name: 'chronology.txt', type: 'text/plain', data: text },
    );
    expect(res.statusCode, res.body).toBe(303);
    // Named for what it is, whatever it was called: a text file called .docx is kept as text.
    const renamed = await upload(
      panel,
      `${markerUrl}/evidence/file`,
      { title: 'Renamed' },
      { name: 'minutes.docx', type: 'application/msword', data: TEXT },
    );
    expect(renamed.statusCode, renamed.body).toBe(303);
    const rows = (await evidenceRows()).filter((r) => r.title === 'Chronology notes' || r.title === 'Renamed');
    expect(rows.map((r) => [r.file_name, r.content_type])).toEqual([
      ['chronology.txt', 'text/plain'],
      ['minutes.docx.txt', 'text/plain'],
    ]);
    const row = rows[0]!;
    expect(row.sha256).toBe(createHash('sha256').update(text).digest('hex'));

    const page = readPage((await panel.get(markerUrl)).body);
    const item = page.root
      .querySelectorAll('.app-evidence-item')
      .find((i) => i.text.includes('Download Chronology notes'))!;
    expect(item.text).toContain('(Plain text file,');
    expect(item.text).toContain(row.sha256!);
    expect(item.text).toContain('a fingerprint that shows the file has not changed');
    expect(page.text('#evidence')).toContain('or plain text file (.txt)');

    const download = await panel.get(`${markerUrl}/evidence/${row.id}`);
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(download.headers['content-disposition']).toMatch(/^attachment; filename="chronology.txt"/);
    expect(download.headers['x-content-type-options']).toBe('nosniff');
    expect(download.rawPayload.equals(text)).toBe(true);
    // Leave the marker's files as the tests after this one expect them.
    await t.testDb.db
      .deleteFrom('evidence')
      .where(
        'id',
        'in',
        rows.map((r) => r.id),
      )
      .execute();
  });

  it('keeps bidirectional and other format characters out of stored and downloaded names', async () => {
    const res = await upload(
      panel,
      `${markerUrl}/evidence/file`,
      { title: 'Family tree' },
      { name: 'tree\u202Egnp.exe', type: 'image/png', data: PNG },
    );
    expect(res.statusCode, res.body).toBe(303);
    const row = (await evidenceRows()).find((r) => r.title === 'Family tree')!;
    expect(row.file_name).toBe('treegnp.exe.png');
    // A name stored before names were cleaned is cleaned on the way out.
    await t.testDb.db
      .updateTable('evidence')
      .set({ file_name: 'tree\u202Egnp.exe\u2066.png' })
      .where('id', '=', row.id)
      .execute();
    const page = readPage((await panel.get(markerUrl)).body);
    expect(page.text('#evidence')).toContain('treegnp.exe.png');
    expect(page.text('#evidence')).not.toContain('\u202E');
    const download = await panel.get(`${markerUrl}/evidence/${row.id}`);
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-disposition']).toBe(
      `attachment; filename="treegnp.exe.png"; filename*=UTF-8''treegnp.exe.png`,
    );
    // Leave the marker's files as the tests after this one expect them.
    await t.testDb.db.deleteFrom('evidence').where('id', '=', row.id).execute();
  });

  it('lets only people who can edit add or delete; others on the team read; no one else sees it', async () => {
    const png = { name: 'p.png', type: 'image/png', data: PNG };
    expect((await upload(observer, `${markerUrl}/evidence/file`, {}, png)).statusCode).toBe(403);
    expect((await observer.post(`${markerUrl}/evidence/note`, { title: 'x', note: 'y' })).statusCode).toBe(403);
    const file = (await evidenceRows()).find((r) => r.kind === 'file')!;
    expect((await observer.post(`${markerUrl}/evidence/${file.id}/delete`)).statusCode).toBe(403);
    expect((await outsider.get(`${markerUrl}/evidence/${file.id}`)).statusCode).toBe(404);
    expect((await foreign.get(`${markerUrl}/evidence/${file.id}`)).statusCode).toBe(404);
    expect((await upload(foreign, `${markerUrl}/evidence/file`, {}, png)).statusCode).toBe(404);
    // The CSRF token is checked on a multipart form too.
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(PNG)], { type: 'image/png' }), 'p.png');
    const request = new Request('http://localhost/', { method: 'POST', body: form });
    const forged = await t.app.inject({
      method: 'POST',
      url: `${markerUrl}/evidence/file`,
      payload: Buffer.from(await request.arrayBuffer()),
      headers: {
        'content-type': request.headers.get('content-type')!,
        cookie: [...panel.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
      },
    });
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
