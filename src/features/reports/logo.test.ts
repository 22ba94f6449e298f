import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.js';
import { insertOrganisation, insertPerson, signedInClient, type Client } from '../../../test/helpers/client.js';
import { readPage } from '../../../test/helpers/html.js';
import { tinyPng } from '../../../test/helpers/images.js';

const PARTNERSHIP = 'Anytown Safeguarding Children Partnership';
const HOSTILE_SVG = Buffer.from(
  '<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 20 10" onload="alert(1)">' +
    '<script>alert(document.cookie)</script><foreignObject><iframe src="https://evil.example/"/></foreignObject>' +
    '<a xlink:href="javascript:alert(1)"><rect width="5" height="5"/></a>' +
    '<image href="https://evil.example/track.png"/><rect width="20" height="10" fill="#1d70b8"/>' +
    '<text x="2" y="8">Anytown</text></svg>',
);

let t: TestApp;
let admin: Client;
let member: Client;
let viewer: Client;
let foreign: Client;
let orgId: string;

/** Posts the logo form as a browser does (with no file chosen, an empty part). */
const upload = (client: Client, file?: { name: string; type: string; data: Buffer }) =>
  client.postMultipart(
    '/admin/settings/logo',
    {},
    { logo: file ?? { name: '', type: 'application/octet-stream', data: Buffer.alloc(0) } },
  );

const events = (action: string) =>
  t.testDb.db
    .selectFrom('audit_event')
    .selectAll()
    .where('action', '=', action)
    .where('organisation_id', '=', orgId)
    .execute();

beforeAll(async () => {
  t = await buildTestApp();
  const db = t.testDb.db;
  const org = await insertOrganisation(db, PARTNERSHIP);
  orgId = org.id;
  const other = await insertOrganisation(db, 'Otherton Safeguarding Adults Board');
  admin = await signedInClient(t.app, db, await insertPerson(db, org.id, 'admin', { twoFactor: true }), org.id);
  member = await signedInClient(t.app, db, await insertPerson(db, org.id, 'member'), org.id);
  viewer = await signedInClient(t.app, db, await insertPerson(db, org.id, 'viewer'), org.id);
  foreign = await signedInClient(t.app, db, await insertPerson(db, other.id, 'admin', { twoFactor: true }), other.id);
});
afterAll(async () => t.close());

describe('the logo page', () => {
  it('is linked from the partnership settings, and says there is no logo yet', async () => {
    const settings = readPage((await admin.get('/admin/settings')).body);
    expect(settings.root.querySelector('a[href="/admin/settings/logo"]')).not.toBeNull();
    const page = readPage((await admin.get('/admin/settings/logo')).body);
    expect(page.h1).toBe('Logo for reports');
    expect(page.text('main')).toContain('There is no logo. Reports show the partnership’s name only.');
    expect((await admin.get('/organisation/logo')).statusCode).toBe(404);
  });

  it('shows errors for no file, a file of another type and a file over 1 MB, and saves nothing', async () => {
    for (const [file, message] of [
      [undefined, 'Select a PNG or SVG file'],
      [
        { name: 'logo.png', type: 'image/png', data: Buffer.from('%PDF-1.4 not a picture') },
        'The selected file is not a PNG or SVG image',
      ],
      [
        {
          name: 'logo.svg',
          type: 'image/svg+xml',
          data: Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg"><desc>${'x'.repeat(1_100_000)}</desc></svg>`),
        },
        'The logo must be smaller than 1 MB',
      ],
      [
        {
          name: 'xxe.svg',
          type: 'image/svg+xml',
          data: Buffer.from(
            '<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]><svg xmlns="http://www.w3.org/2000/svg">&x;</svg>',
          ),
        },
        'The SVG file cannot be used: it has a document type declaration, which is not allowed',
      ],
    ] as const) {
      const res = await upload(admin, file);
      expect(res.statusCode, message).toBe(400);
      const page = readPage(res.body);
      expect(page.title).toBe('Error: Logo for reports – Quality Markers');
      expect(page.errorLinks).toEqual([{ text: message, href: '#logo' }]);
      expect(page.text('#logo-error')).toBe(`Error: ${message}`);
    }
    expect(await t.testDb.db.selectFrom('organisation_logo').selectAll().execute()).toEqual([]);
  });

  it('saves a PNG and serves it to the partnership, sandboxed and not sniffed', async () => {
    const png = tinyPng();
    const res = await upload(admin, { name: 'logo.png', type: 'image/png', data: png });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/admin/settings/logo?saved=1');
    const page = readPage((await admin.get('/admin/settings/logo?saved=1')).body);
    expect(page.text('.govuk-notification-banner')).toContain('The logo has been saved.');
    expect(page.root.querySelector('img.app-logo-preview')!.getAttribute('alt')).toBe(`${PARTNERSHIP} logo`);
    for (const client of [admin, member, viewer]) {
      const logo = await client.get('/organisation/logo');
      expect(logo.statusCode).toBe(200);
      expect(logo.headers['content-type']).toBe('image/png');
      expect(logo.headers['x-content-type-options']).toBe('nosniff');
      expect(logo.headers['content-security-policy']).toBe(
        "default-src 'none'; style-src 'unsafe-inline'; sandbox; frame-ancestors 'none'",
      );
      expect(logo.rawPayload.equals(png)).toBe(true);
    }
    expect(await events('organisation.logo_changed')).toHaveLength(1);
  });

  it('never shows one partnership’s logo to another', async () => {
    expect((await foreign.get('/organisation/logo')).statusCode).toBe(404);
    expect((await foreign.app.inject({ method: 'GET', url: '/organisation/logo' })).statusCode).toBe(303);
  });

  it('replaces it with a hostile SVG made safe: no script, handlers, foreign objects or outside links', async () => {
    const res = await upload(admin, { name: 'logo.svg', type: 'image/svg+xml', data: HOSTILE_SVG });
    expect(res.statusCode).toBe(303);
    const logo = await member.get('/organisation/logo');
    expect(logo.headers['content-type']).toBe('image/svg+xml');
    expect(logo.body).toBe(
      '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 20 10">' +
        '<rect width="20" height="10" fill="#1d70b8"/><text x="2" y="8">Anytown</text></svg>',
    );
    expect(await t.testDb.db.selectFrom('organisation_logo').select('organisation_id').execute()).toHaveLength(1);
  });

  it('is for partnership admins only', async () => {
    expect((await member.get('/admin/settings/logo')).statusCode).toBe(403);
    expect((await viewer.get('/admin/settings/logo')).statusCode).toBe(403);
    expect((await upload(member, { name: 'logo.png', type: 'image/png', data: tinyPng() })).statusCode).toBe(403);
    expect((await member.post('/admin/settings/logo/remove')).statusCode).toBe(403);
    expect((await member.get('/organisation/logo')).statusCode, 'still there').toBe(200);
  });

  it('removes the logo', async () => {
    const res = await admin.post('/admin/settings/logo/remove', {}, { csrfFrom: '/admin/settings/logo' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/admin/settings/logo?removed=1');
    expect((await member.get('/organisation/logo')).statusCode).toBe(404);
    expect(readPage((await admin.get('/admin/settings/logo?removed=1')).body).text('main')).toContain(
      'The logo has been removed.',
    );
    expect(await events('organisation.logo_removed')).toHaveLength(1);
    const audit = JSON.stringify(await events('organisation.logo_changed'));
    expect(audit).not.toContain('Anytown</text>');
  });
});
