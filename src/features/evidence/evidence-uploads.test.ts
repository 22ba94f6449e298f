import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../../test/helpers/app.js';
import type { Client } from '../../../test/helpers/client.js';
import { readPage } from '../../../test/helpers/html.js';
import { hiddenEntryZipBomb, ole2DifatLoop } from '../../../test/helpers/hostile-files.js';
import { EXE, PDF, PNG, TEXT, upload, evidenceWorld, zipOf } from './evidence.fixture.js';

let t: TestApp;
let panel: Client;
let observer: Client;
let markerUrl: string;

beforeAll(async () => {
  ({ t, panel, observer, markerUrl } = await evidenceWorld());
});
afterAll(async () => t.close());

const evidenceRows = () => t.testDb.db.selectFrom('evidence').selectAll().orderBy('created_at').orderBy('id').execute();

describe('evidence files on a marker', () => {
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
    expect(events.map((e) => e.action)).toEqual(['evidence.added', 'evidence.downloaded']);
    for (const e of events) expect(e.detail ?? '').not.toMatch(/Minutes/);
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
});
