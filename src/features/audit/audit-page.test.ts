import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.js';
import { insertOrganisation, insertPerson, signedInClient, type Person } from '../../../test/helpers/client.js';
import { readPage } from '../../../test/helpers/html.js';
import { recordAudit } from './audit.service.js';
import { actor, recordMany } from './audit.fixture.js';

describe('/admin/audit', () => {
  let t: TestApp;
  let org: { id: string; slug: string; name: string };
  let other: { id: string; slug: string; name: string };
  let admin: Person;
  let member: Person;
  let viewer: Person;
  let outsider: Person;

  /** The app's clock: now, unless a test sets it. */
  let clockAt: Date | undefined;

  beforeAll(async () => {
    t = await buildTestApp({ clock: () => clockAt ?? new Date() });
    const db = t.testDb.db;
    org = await insertOrganisation(db, 'Anytown Safeguarding Children Partnership');
    other = await insertOrganisation(db, 'Otherton Safeguarding Adults Board');
    admin = await insertPerson(db, org.id, 'admin', { twoFactor: true });
    member = await insertPerson(db, org.id, 'member');
    viewer = await insertPerson(db, org.id, 'viewer');
    outsider = await insertPerson(db, other.id, 'admin', { twoFactor: true });
    await db
      .updateTable('user_account')
      .set({ name: '=HYPERLINK("http://evil.example")' })
      .where('id', '=', member.id)
      .execute();
    member.name = '=HYPERLINK("http://evil.example")';

    // Winter (GMT) and summer (BST), and an event late on 30 June UTC that is 1 July in the UK.
    await recordAudit(db, actor(admin.id, org.id), { action: 'sign_in.succeeded' }, new Date('2026-01-15T12:00:00Z'));
    await recordAudit(
      db,
      actor(member.id, org.id, '198.51.100.7'),
      { action: 'review.created', objectType: 'review', objectId: 'rev-1' },
      new Date('2026-06-30T23:30:00Z'),
    );
    await recordAudit(db, actor(member.id, org.id), { action: '-cmd|calc' }, new Date('2026-07-01T12:00:00Z'));
    await recordAudit(db, actor(viewer.id, org.id), { action: 'sign_in.succeeded' }, new Date('2026-07-02T09:00:00Z'));
    await recordAudit(db, actor(outsider.id, other.id), { action: 'other.secret' }, new Date('2026-07-01T10:00:00Z'));
  });
  afterAll(async () => t.close());

  const adminClient = () => signedInClient(t.app, t.testDb.db, admin, org.id);
  const rows = (html: string) => readPage(html).all('tbody tr');

  it('is for admins only', async () => {
    for (const person of [member, viewer]) {
      const client = await signedInClient(t.app, t.testDb.db, person, org.id);
      expect((await client.get('/admin/audit')).statusCode).toBe(403);
      expect((await client.get('/admin/audit.csv')).statusCode).toBe(403);
    }
    expect((await t.app.inject({ method: 'GET', url: '/admin/audit' })).statusCode).toBe(303);
  });

  it('lists the partnership’s events, newest first, in UK time', async () => {
    const res = await (await adminClient()).get('/admin/audit');
    expect(res.statusCode).toBe(200);
    const page = readPage(res.body);
    expect(page.title).toBe('Audit log – Quality Markers');
    expect(page.h1).toBe('Audit log');
    const table = rows(res.body);
    expect(table).toHaveLength(4);
    expect(table[0]).toContain('2 Jul 2026, 10:00:00');
    expect(table[0]).toContain(viewer.name);
    expect(table[2]).toContain('1 Jul 2026, 00:30:00');
    expect(table[2]).toContain('review.created');
    expect(table[2]).toContain('rev-1');
    expect(table[2]).toContain('198.51.100.7');
    expect(table[3]).toContain('15 Jan 2026, 12:00:00');
    expect(res.body).not.toContain('other.secret');
    expect(res.body).not.toContain(outsider.email);
    expect(page.all('#person option')).toHaveLength(4); // Anyone + the three people of this partnership
    expect(page.all('#action option')).toEqual(['Any action', '-cmd|calc', 'review.created', 'sign_in.succeeded']);
  });

  it('filters by person, action and UK dates', async () => {
    const client = await adminClient();
    const byPerson = rows((await client.get(`/admin/audit?person=${member.id}`)).body);
    expect(byPerson).toHaveLength(2);
    const byAction = rows((await client.get('/admin/audit?action=sign_in.succeeded')).body);
    expect(byAction).toHaveLength(2);
    const july1 = await client.get(
      '/admin/audit?from-day=1&from-month=7&from-year=2026&to-day=1&to-month=jul&to-year=2026',
    );
    expect(july1.statusCode).toBe(200);
    const july1Rows = rows(july1.body);
    expect(july1Rows).toHaveLength(2);
    expect(july1Rows.join(' ')).not.toContain('2 Jul 2026');
    const page = readPage(july1.body);
    expect(page.root.querySelector('#from-day')?.getAttribute('value')).toBe('1');
    expect(page.root.querySelector('#to-month')?.getAttribute('value')).toBe('jul');
    const csvLink = page.root.querySelector('a[href^="/admin/audit.csv"]')?.getAttribute('href');
    expect(csvLink).toBe('/admin/audit.csv?from-day=1&from-month=7&from-year=2026&to-day=1&to-month=jul&to-year=2026');
    const none = await client.get(`/admin/audit?person=${viewer.id}&action=review.created`);
    expect(readPage(none.body).text('main')).toContain('No events match the filters');
  });

  it('explains dates that are wrong, keeping what was typed', async () => {
    const client = await adminClient();
    const unreal = await client.get('/admin/audit?from-day=31&from-month=2&from-year=2026');
    expect(unreal.statusCode).toBe(400);
    const page = readPage(unreal.body);
    expect(page.title).toBe('Error: Audit log – Quality Markers');
    expect(page.errorLinks).toEqual([{ text: 'Date from must be a real date', href: '#from-day' }]);
    expect(page.root.querySelector('#from-day')?.getAttribute('value')).toBe('31');
    const marked = (p: typeof page, id: string) => p.root.querySelector(id)?.classList.contains('govuk-input--error');
    expect(['#from-day', '#from-month', '#from-year'].map((id) => marked(page, id))).toEqual([true, true, true]);
    expect(page.all('tbody tr')).toHaveLength(0);

    const month13 = readPage((await client.get('/admin/audit?from-day=12&from-month=13&from-year=2026')).body);
    expect(month13.errorLinks).toEqual([{ text: 'Date from must be a real date', href: '#from-month' }]);
    expect(['#from-day', '#from-month', '#from-year'].map((id) => marked(month13, id))).toEqual([false, true, false]);

    const missing = readPage((await client.get('/admin/audit?to-day=3&to-year=2026')).body);
    expect(missing.errorLinks).toEqual([{ text: 'Date to must include a month', href: '#to-month' }]);

    const backwards = readPage(
      (await client.get('/admin/audit?from-day=2&from-month=7&from-year=2026&to-day=1&to-month=7&to-year=2026')).body,
    );
    expect(backwards.errorLinks).toEqual([{ text: 'Date to must be the same as or after date from', href: '#to-day' }]);

    const stranger = readPage((await client.get(`/admin/audit?person=${outsider.id}`)).body);
    expect(stranger.errorLinks).toEqual([{ text: 'Select a person from the list', href: '#person' }]);
    expect(stranger.all('tbody tr')).toHaveLength(0);

    const csv = await client.get('/admin/audit.csv?from-day=31&from-month=2&from-year=2026');
    expect(csv.statusCode).toBe(400);
  });

  it('downloads the filtered events as CSV that a spreadsheet will not run', async () => {
    const res = await (await adminClient()).get(`/admin/audit.csv?person=${member.id}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(
      new RegExp(`^attachment; filename="audit-log-${org.slug}-\\d{4}-\\d{2}-\\d{2}\\.csv"$`),
    );
    // Named by the day in UK time: half past midnight BST on 1 July is 1 July, though UTC says 30 June.
    clockAt = new Date('2026-06-30T23:30:00.000Z');
    const lateNight = await (await adminClient()).get(`/admin/audit.csv?person=${member.id}`);
    clockAt = undefined;
    expect(lateNight.headers['content-disposition']).toBe(
      `attachment; filename="audit-log-${org.slug}-2026-07-01.csv"`,
    );
    const lines = res.body
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    expect(lines[0]).toBe(
      '"Sequence","Time (UTC)","Time (UK)","Person","Email","Action","Object type","Object ID","IP address","Detail"',
    );
    expect(lines).toHaveLength(3);
    expect(lines[1]).toContain(`"'=HYPERLINK(""http://evil.example"")","${member.email}","'-cmd|calc"`);
    expect(lines[2]).toContain('"2026-06-30T23:30:00.000Z","1 Jul 2026, 00:30:00"');
    expect(lines[2]).toContain('"review.created","review","rev-1","198.51.100.7"');
  });

  it('streams the CSV gzip-compressed to a client that accepts it', async () => {
    const client = await adminClient();
    const plain = await client.get('/admin/audit.csv');
    const gz = await client.get('/admin/audit.csv', { 'accept-encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    const unzipped = gunzipSync(gz.rawPayload).toString().trimEnd().split('\r\n');
    expect(unzipped[0]).toBe(plain.body.split('\r\n')[0]);
    expect(unzipped.length).toBeGreaterThanOrEqual(plain.body.trimEnd().split('\r\n').length);
  });

  it('never includes another partnership’s events', async () => {
    const res = await (await adminClient()).get('/admin/audit.csv');
    const events = res.body
      .trimEnd()
      .split('\r\n')
      .filter((line) => !line.includes('audit_log.downloaded'));
    expect(events).toHaveLength(5);
    expect(res.body).not.toContain('other.secret');
    const theirs = await signedInClient(t.app, t.testDb.db, outsider, other.id);
    const page = await theirs.get('/admin/audit');
    expect(rows(page.body)).toHaveLength(1);
    expect(page.body).toContain('other.secret');
    expect(page.body).not.toContain('review.created');
  });

  it('pages through many events, 50 at a time', async () => {
    const big = await insertOrganisation(t.testDb.db, 'Bigtown Safeguarding Children Partnership');
    const bigAdmin = await insertPerson(t.testDb.db, big.id, 'admin', { twoFactor: true });
    await recordMany(t.testDb.db, 60, big.id);
    const client = await signedInClient(t.app, t.testDb.db, bigAdmin, big.id);
    const first = readPage((await client.get('/admin/audit?action=test.event_0')).body);
    expect(first.all('tbody tr')).toHaveLength(20);
    const one = await client.get('/admin/audit');
    const page1 = readPage(one.body);
    expect(page1.all('tbody tr')).toHaveLength(50);
    expect(page1.text('main')).toContain('Showing events 1 to 50');
    const next = page1.root.querySelector('.govuk-pagination__next a')?.getAttribute('href');
    expect(next).toBe('/admin/audit?page=2');
    const page2 = readPage((await client.get(next!)).body);
    expect(page2.all('tbody tr')).toHaveLength(10);
    expect(page2.text('main')).toContain('Showing events 51 to 60');
    expect(page2.root.querySelector('.govuk-pagination__next')).toBeNull();
    expect(page2.root.querySelector('.govuk-pagination__prev a')?.getAttribute('href')).toBe('/admin/audit');
    const csv = await client.get('/admin/audit.csv?action=test.event_1');
    const lines = csv.body.trimEnd().split('\r\n');
    expect(lines).toHaveLength(21);
    // The download itself is recorded, with its filters (and is in the next download).
    const all = (await client.get('/admin/audit.csv')).body.trimEnd().split('\r\n');
    expect(all).toHaveLength(63);
    expect(all[1]).toContain('"audit_log.downloaded"');
    expect(all[2]).toContain('"audit_log.downloaded"');
    expect(all[2]).toContain('""action"":""test.event_1""');
    expect(all[2]).toContain(bigAdmin.email);
  });
});
