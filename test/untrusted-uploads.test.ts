/**
 * The server-level guarantee of the untrusted-parsing pool: while hostile or large uploads are read,
 * every other request (here `/health/live`) is answered at once, and the person who sent the file gets
 * a clear 400 with nothing saved.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from './helpers/app.js';
import { insertOrganisation, insertPerson, signedInClient, type Client } from './helpers/client.js';
import { exportsWorld, type ExportsWorld } from './helpers/exports-world.js';
import { hiddenEntryZipBomb, ole2DifatLoop } from './helpers/hostile-files.js';
import { readPage } from './helpers/html.js';
import { startUntrustedSpare } from '../src/lib/untrusted/pool.js';
import type { FastifyInstance } from 'fastify';

/**
 * How late a poll of /health/live may answer. On an idle machine the answers come within a few ms while
 * the pool works; parsing on the event loop held them for seconds. The margin is for a shared, busy CI
 * machine, where a timer alone can be a couple of hundred ms late.
 */
const RESPONSIVE_MS = 750;

/** Polls /health/live every 50 ms while `work` runs; gives the work's result and each answer's delay. */
async function whilePolling<T>(app: FastifyInstance, work: () => Promise<T>) {
  const delays: number[] = [];
  const statuses = new Set<number>();
  let done = false;
  const poller = (async () => {
    while (!done) {
      // The delay counts from when the poll was due: a blocked event loop delays the timer too.
      const due = performance.now() + 50;
      await new Promise((resolve) => setTimeout(resolve, 50));
      const res = await app.inject({ method: 'GET', url: '/health/live' });
      statuses.add(res.statusCode);
      delays.push(performance.now() - due);
    }
  })();
  const started = performance.now();
  try {
    const result = await work();
    return { result, ms: performance.now() - started, delays, statuses };
  } finally {
    done = true;
    await poller;
  }
}

const upload = (client: Client, url: string, fields: Record<string, string>, file: { name: string; data: Buffer }) =>
  client.postMultipart(url, fields, { file });

describe('hostile files, uploaded through the forms', () => {
  let t: TestApp;
  let manager: Client;
  let reviewUrl: string;
  let markerUrl: string;

  beforeAll(async () => {
    // Templates cached, as in production: the timings are of the upload, not of compiling the error page.
    t = await buildTestApp({}, { VIEW_CACHE: 'true' });
    const org = await insertOrganisation(t.testDb.db, 'Anytown Partnership');
    manager = await signedInClient(t.app, t.testDb.db, await insertPerson(t.testDb.db, org.id, 'member'), org.id);
    const created = await manager.post('/reviews/new', {
      reference: 'LCSPR 9',
      title: 'Review',
      subjectPseudonym: 'Child A',
      type: 'local-cspr',
      method: 'systems',
    });
    reviewUrl = created.headers.location as string;
    const round = await manager.post(`${reviewUrl}/rounds/new`, { purpose: 'in-review' });
    markerUrl = `${round.headers.location as string}/markers/referral`;
    // The pages the refusals show, rendered once, so their templates are compiled and cached.
    expect((await manager.get(markerUrl)).statusCode).toBe(200);
    expect((await manager.get(`${reviewUrl}/actions/import`)).statusCode).toBe(200);
  });
  afterAll(async () => t?.close());
  // The pool keeps one worker started ahead after its first task: start it now, so that the timings
  // below are of the parse, not of tsx starting in a worker (about 40 ms for the built app's worker).
  beforeEach(startUntrustedSpare);

  const count = (table: 'evidence' | 'action') =>
    t.testDb.db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
      .then((r) => Number(r.n));

  it('refuses a 1 KB OLE2 file whose DIFAT chain loops, as evidence, in under a second, answering /health/live throughout', async () => {
    const loop = ole2DifatLoop();
    expect(loop.length).toBe(1024);
    const before = await count('evidence');
    const {
      result: res,
      ms,
      delays,
      statuses,
    } = await whilePolling(t.app, () =>
      upload(manager, `${markerUrl}/evidence/file`, { title: 'Minutes' }, { name: 'minutes.doc', data: loop }),
    );
    expect(res.statusCode).toBe(400);
    const page = readPage(res.body);
    expect(page.errorLinks.map((l) => l.href)).toEqual(['#evidence-file']);
    expect(page.title.startsWith('Error:')).toBe(true);
    expect(ms).toBeLessThan(1_000);
    expect([...statuses]).toEqual([200]);
    expect(Math.max(0, ...delays)).toBeLessThan(RESPONSIVE_MS);
    expect(await count('evidence')).toBe(before);
  });

  it('refuses a hidden-entry zip bomb as an action list in under a second, answering /health/live throughout', async () => {
    const bomb = hiddenEntryZipBomb();
    const before = await count('action');
    const {
      result: res,
      ms,
      delays,
      statuses,
    } = await whilePolling(t.app, () =>
      upload(manager, `${reviewUrl}/actions/import`, {}, { name: 'actions.xlsx', data: bomb }),
    );
    expect(res.statusCode).toBe(400);
    expect(readPage(res.body).errorLinks).toHaveLength(1);
    expect(ms).toBeLessThan(1_000);
    expect([...statuses]).toEqual([200]);
    expect(Math.max(0, ...delays)).toBeLessThan(RESPONSIVE_MS);
    expect(await count('action')).toBe(before);
  });

  it('reads a large spreadsheet off the event loop: /health/live keeps answering while 6,000 rows are read', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Actions');
    for (let r = 0; r < 6_000; r++) {
      sheet.addRow(['Improvement action', `Action ${r} with a longer title`, 'A description', '', '', 'Police', '']);
    }
    const data = Buffer.from(await workbook.xlsx.writeBuffer());
    const before = await count('action');
    const {
      result: res,
      delays,
      statuses,
    } = await whilePolling(t.app, () =>
      upload(manager, `${reviewUrl}/actions/import`, {}, { name: 'actions.xlsx', data }),
    );
    expect(res.statusCode).toBe(400);
    expect(readPage(res.body).errorLinks).toHaveLength(1);
    expect([...statuses]).toEqual([200]);
    expect(Math.max(0, ...delays)).toBeLessThan(RESPONSIVE_MS);
    expect(await count('action')).toBe(before);
  });
});

describe('a large review import', () => {
  let w: ExportsWorld;

  beforeAll(async () => {
    w = await exportsWorld();
  });
  afterAll(async () => w?.t.close());

  it('is parsed off the event loop: /health/live keeps answering while 24 MB of JSON is read and refused', async () => {
    // Many small objects: the costly kind of JSON to parse and to check. Valid JSON, but not a review.
    const row = JSON.stringify({ path: '/rounds/0/markers/0', value: [1, 2, 3, 'x'], ok: true });
    const body = `{"format":"quality-markers/review-export","padding":[${Array(430_000).fill(row).join(',')}]}`;
    expect(body.length).toBeGreaterThan(24 * 1024 * 1024);
    const {
      result: res,
      delays,
      statuses,
    } = await whilePolling(w.t.app, () =>
      w.t.app.inject({
        method: 'POST',
        url: '/api/v1/reviews/import',
        payload: body,
        headers: { authorization: `Bearer ${w.tokens.b}`, 'content-type': 'application/json' },
      }),
    );
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: { status: 400 } });
    expect([...statuses]).toEqual([200]);
    expect(Math.max(0, ...delays)).toBeLessThan(RESPONSIVE_MS);
    expect(delays.length).toBeGreaterThan(2);
  });
});
