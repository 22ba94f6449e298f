import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureText, xlsxBuffer } from '../../../test/fixtures/frameworks/fixtures.js';
import type { TestApp } from '../../../test/helpers/app.js';
import { Client, insertPerson, signedInClient } from '../../../test/helpers/client.js';
import { readPage } from '../../../test/helpers/html.js';
import { withHiddenEntry, zeros } from '../../../test/helpers/hostile-files.js';
import { parseCsv, toCsv } from '../../lib/csv.js';
import {
  frameworksAdminWorld,
  multipartBody,
  upload as uploadTo,
  yamlFile,
  type Upload,
} from './frameworks-admin.fixture.js';

// Who may use the frameworks admin pages, and importing through them. The fuzzers of the upload are in
// frameworks-admin.fuzz.test.ts.
let t: TestApp;
let org: { id: string; slug: string; name: string };
let admin: Client;

beforeAll(async () => {
  ({ t, org, admin } = await frameworksAdminWorld());
});
afterAll(async () => t.close());

const upload = (client: Client, file: Upload | undefined, fields?: Record<string, string>, csrf?: boolean) =>
  uploadTo(t, client, file, fields, csrf);

describe('who may use the frameworks admin pages', () => {
  it('sends a signed-out person to sign in', async () => {
    const res = await new Client(t.app).get('/admin/frameworks');
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/sign-in?next=%2Fadmin%2Fframeworks');
  });

  it.each(['viewer', 'member'] as const)('refuses a %s with 403, on every page and the upload', async (role) => {
    const person = await insertPerson(t.testDb.db, org.id, role);
    const client = await signedInClient(t.app, t.testDb.db, person, org.id);
    expect((await client.get('/admin/frameworks')).statusCode).toBe(403);
    expect((await client.get('/admin/frameworks/import')).statusCode).toBe(403);
    const token = await client.csrfToken('/account');
    const { payload, contentType } = multipartBody({ _csrf: token }, yamlFile('local-v1.yaml'));
    const cookie = [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const res = await t.app.inject({
      method: 'POST',
      url: '/admin/frameworks/import',
      payload,
      headers: { 'content-type': contentType, cookie },
    });
    expect(res.statusCode).toBe(403);
  });

  it('refuses an upload without the CSRF token with 403, and imports nothing', async () => {
    const res = await upload(admin, yamlFile('local-v1.yaml'), {}, false);
    expect(res.statusCode).toBe(403);
    const count = await t.testDb.db
      .selectFrom('framework')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(0);
  });
});

describe('importing through the admin pages', () => {
  it('lists nothing at first and offers the upload form, a GOV.UK file upload', async () => {
    const list = readPage((await admin.get('/admin/frameworks')).body);
    expect(list.h1).toBe('Your partnership’s frameworks');
    expect(list.text('#no-frameworks')).toBe('Your partnership has not imported a framework yet.');
    const res = await admin.get('/admin/frameworks/import');
    expect(res.statusCode).toBe(200);
    const form = readPage(res.body);
    expect(form.title).toBe('Import a framework – Quality Markers');
    expect(form.root.querySelector('main form')?.getAttribute('enctype')).toBe('multipart/form-data');
    expect(form.root.querySelector('input.govuk-file-upload')?.getAttribute('name')).toBe('file');
  });

  it('imports a YAML file, confirms it and links to it', async () => {
    const res = await upload(admin, yamlFile('local-v1.yaml'));
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/admin/frameworks?imported=riverside-review-checks@1.0.0');
    const page = readPage((await admin.get(res.headers.location as string)).body);
    expect(page.text('.govuk-notification-banner__heading')).toBe('Riverside review checks version 1.0.0 is imported');
    expect(page.root.querySelector('.govuk-notification-banner a')?.getAttribute('href')).toBe(
      '/frameworks/riverside-review-checks@1.0.0',
    );
    expect(page.all('.app-imported-frameworks tbody td:first-child')).toEqual(['Riverside review checks']);
    expect((await admin.get('/frameworks/riverside-review-checks')).statusCode).toBe(200);
  });

  it('lists every problem with its place on a GOV.UK error summary, and keeps the form fields', async () => {
    const broken = fixtureText('local-v2.yaml')
      .replace('version: 1.1.0', 'version: 1.1')
      .replace('          - key: chronology\n', '          - key: Chronology\n');
    const res = await upload(admin, yamlFile('local-v2.yaml', broken), { title: 'kept' });
    expect(res.statusCode).toBe(400);
    const page = readPage(res.body);
    expect(page.title).toBe('Error: Import a framework – Quality Markers');
    const line = (needle: string) => broken.split('\n').findIndex((l) => l.includes(needle)) + 1;
    expect(page.errorLinks).toEqual([
      {
        text: `Line ${line('version: 1.1')}, column 10: Version must be text: put it in quotes, like "1.1"`,
        href: '#file',
      },
      {
        text: `Line ${line('key: Chronology')}, column 18: Question 'Chronology' key must be lower-case letters, numbers and hyphens, like "family-involvement"`,
        href: '#file',
      },
    ]);
    expect(page.text('.govuk-error-summary__body p')).toBe(
      'Nothing was imported from local-v2.yaml. Each problem says where it is in the file.',
    );
    expect(page.text('#file-error')).toBe('Error: local-v2.yaml has 2 problems: fix them, then select the file again');
    expect(page.root.querySelector('#title')?.getAttribute('value')).toBe('kept');
  });

  it('imports a new version and refuses one that is not higher', async () => {
    expect((await upload(admin, yamlFile('local-v2.yaml'))).statusCode).toBe(303);
    const res = await upload(admin, yamlFile('local-v1.yaml'));
    expect(res.statusCode).toBe(400);
    expect(readPage(res.body).errorLinks).toEqual([
      { text: 'Version 1.0.0 is not higher than the latest version, 1.1.0', href: '#file' },
    ]);
    const list = readPage((await admin.get('/admin/frameworks')).body);
    expect(list.text('.app-imported-frameworks tbody td:nth-child(3)')).toContain('1.1.0, 1.0.0');
  });

  it('imports a CSV file, taking the title and version from the form and asking for them when missing', async () => {
    const csv: Upload = { filename: 'checks.csv', content: fixtureText('local.csv'), type: 'text/csv' };
    const missing = await upload(admin, csv);
    expect(missing.statusCode).toBe(400);
    const page = readPage(missing.body);
    expect(page.errorLinks).toEqual([
      { text: 'Key is missing', href: '#key' },
      { text: 'Version is missing', href: '#version' },
      { text: 'Title is missing', href: '#title' },
    ]);
    expect(page.text('#version-error')).toBe('Error: Version is missing');
    const res = await upload(admin, csv, { title: 'Riverside spreadsheet checks', version: '1.0.0' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/admin/frameworks?imported=riverside-spreadsheet-checks@1.0.0');
  });

  it('places spreadsheet problems by row and column', async () => {
    const rows = parseCsv(fixtureText('local.csv')).rows;
    rows[7]![5] = '';
    const res = await upload(
      admin,
      { filename: 'checks.csv', content: toCsv(rows) },
      { title: 'Broken', version: '1.0.0' },
    );
    expect(res.statusCode).toBe(400);
    expect(readPage(res.body).errorLinks).toEqual([
      { text: "Row 8, column F: Question 'is-there-a-joint-chronology' has no audiences", href: '#file' },
    ]);
  });

  it('imports an XLSX workbook', async () => {
    const questions = parseCsv(fixtureText('local.csv')).rows;
    const bytes = await xlsxBuffer({
      Questions: questions,
      Framework: [
        ['key', 'riverside-workbook'],
        ['version', '2.0.0'],
        ['title', 'Riverside workbook'],
      ],
    });
    const res = await upload(admin, { filename: 'checks.xlsx', content: bytes });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/admin/frameworks?imported=riverside-workbook@2.0.0');
  });

  it('refuses a workbook with an entry its ZIP end record does not count, which would unpack to 41 MB', async () => {
    const bytes = await xlsxBuffer({
      Questions: parseCsv(fixtureText('local.csv')).rows,
      Framework: [
        ['key', 'riverside-hidden'],
        ['version', '1.0.0'],
        ['title', 'Riverside hidden'],
      ],
    });
    const bomb = withHiddenEntry(bytes, zeros('xl/hidden.xml', 41 * 1024 * 1024));
    const res = await upload(admin, { filename: 'checks.xlsx', content: bomb });
    expect(res.statusCode).toBe(400);
    expect(readPage(res.body).errorLinks).toEqual([
      {
        text: 'The file is not an XLSX spreadsheet that we can read: save it again as an Excel workbook (.xlsx)',
        href: '#file',
      },
    ]);
    expect(
      await t.testDb.db.selectFrom('framework').select('key').where('key', '=', 'riverside-hidden').execute(),
    ).toEqual([]);
  });

  it('asks for a file, and refuses one over 1 MB or of an unknown kind', async () => {
    expect(readPage((await upload(admin, undefined)).body).errorLinks).toEqual([
      { text: 'Select a framework file', href: '#file' },
    ]);
    const big = await upload(admin, { filename: 'big.yaml', content: Buffer.alloc(1024 * 1024 + 10, 'a') });
    expect(big.statusCode).toBe(400);
    expect(readPage(big.body).errorLinks).toEqual([
      { text: 'The selected file must be 1 MB or smaller', href: '#file' },
    ]);
    const odd = await upload(admin, { filename: 'notes.txt', content: 'hello' });
    expect(readPage(odd.body).errorLinks).toEqual([
      { text: 'The file must be YAML, JSON, CSV or XLSX (.yaml, .yml, .json, .csv, .xlsx)', href: '#file' },
    ]);
  });
});
