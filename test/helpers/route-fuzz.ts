import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import { DEFAULT_PARAMS, MATRIX, type MatrixEntry } from '../authorization-matrix/index.js';
import { signedInClient } from './client.js';
import { formValues, readPage } from './html.js';
import { fuzzState, type FuzzState } from './fuzz-state.js';
import { withCurrentVersions } from './matrix-versions.js';
import { buildMatrixWorld, isApiUrl, type MatrixWorld, type SessionClient } from './matrix-world.js';
import { unsafeRoutes, type RegisteredRoute } from './route-list.js';
import { bodyFor, describeSent, type FormValue, type Sent, type Target } from './route-fuzz-bodies.js';

/**
 * Fuzzing every unsafe route the router registers (the API's JSON writes and every form), as partnership
 * A's admin: with a session and a valid CSRF token for forms, with a write token for /api/v1/. Each case
 * must answer below 500, and an answer of 4xx must have changed none of A's rows (fuzz-state.ts). 2xx and
 * 3xx may change data. Runs per route: FUZZ_RUNS (1,000 by default; more for a nightly run).
 *
 * The routes are shared between a few test files (`shareOf`), so vitest runs them side by side; every
 * route falls in exactly one share. What is sent to a route is route-fuzz-bodies.ts's.
 */

export const FUZZ_RUNS = Number(process.env.FUZZ_RUNS ?? 1000);
/**
 * Seconds each route may take at most (0: no limit). 1,000 cases of each of the ~100 unsafe routes on both
 * databases are 200,000 requests: measured (FUZZ_STATS, docs/testing.md) ~6 ms a form case and ~3 ms an API
 * case on SQLite, ~15 ms and ~10 ms on PostgreSQL, far more than the whole 8-minute CI. So by default each
 * route gets 0.5 s on SQLite (~80 form cases) and 0.25 s on PostgreSQL (~15): what is sent is the same on
 * both, so most of what a case can find (a refusal that is not a 4xx, a write left half done) shows on
 * SQLite first; PostgreSQL's share is for what only it refuses (an integer out of its range, a byte its
 * text cannot hold). Together ~75 s of a worker's time, a fifth of the database tests' (docs/testing.md).
 * FUZZ_SECONDS=0 FUZZ_RUNS=1000 (or more) for a nightly run.
 */
export const FUZZ_SECONDS = Number(process.env.FUZZ_SECONDS ?? (process.env.TEST_DB === 'postgres' ? 0.25 : 0.5));
/** One seed per run of the suite, printed on failure by fast-check; FUZZ_SEED repeats a run. */
export const FUZZ_SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;

/**
 * Forms that save each record they hold under its own version (the marker page: the record and each
 * question's answer). A conflict on one is answered 409 with both versions shown, and what did not conflict
 * is kept, as docs/architecture.md's concurrency rule asks of each record.
 */
const SAVED_PER_RECORD = ['/reviews/:id/rounds/:roundId/markers/:markerKey'];

export type Share = 'api' | 'rounds' | 'reviews' | 'account' | 'admin';

export function shareOf(path: string): Share {
  if (isApiUrl(path)) return 'api';
  if (path.includes('/rounds/')) return 'rounds';
  if (path.startsWith('/reviews/')) return 'reviews';
  if (/^\/(sign-in|sign-out|account|session|partnerships|password-reset|invitations|setup)(\/|$)/.test(path)) {
    return 'account';
  }
  return 'admin';
}

type FormBody = Record<string, FormValue>;

/** An entry for every registered unsafe route: the matrix's, or a bare one for a route it lacks. */
function entriesFor(registered: readonly RegisteredRoute[]): MatrixEntry[] {
  return unsafeRoutes(registered).flatMap((r) => {
    const found = MATRIX.filter((e) => e.method === r.method && e.path === r.url);
    if (found.length) return found;
    for (const [, name] of r.url.matchAll(/:([A-Za-z]+)/g)) {
      if (!DEFAULT_PARAMS[name!]) throw new Error(`${r.method} ${r.url}: no fixture for :${name}`);
    }
    return [{ method: r.method as MatrixEntry['method'], path: r.url, expect: [0, 0, 0, 0, 0] }];
  });
}

/** The form posting to `url` on the page at `page` (or its parents), as the page shows it. */
async function formOf(w: MatrixWorld, client: SessionClient, url: string) {
  const path = url.split('?')[0]!;
  const candidates = [url];
  for (let p = path; p.lastIndexOf('/') > 0;) {
    p = p.slice(0, p.lastIndexOf('/'));
    candidates.push(p);
  }
  for (const at of candidates) {
    const res = await client.client.get(at);
    if (res.statusCode !== 200 || !String(res.headers['content-type']).includes('html')) continue;
    const page = readPage(res.body);
    const forms = page.root.querySelectorAll('form').filter((f) => {
      const action = f.getAttribute('action');
      return action === url || action === path || (action === undefined && at === url);
    });
    if (!forms.length) continue;
    const form = forms[0]!;
    form.setAttribute('data-fuzz', 'this');
    const values = formValues(page, 'form[data-fuzz="this"]');
    const options: Record<string, string[]> = Object.create(null) as Record<string, string[]>;
    for (const input of form.querySelectorAll('input[name], option')) {
      const name = input.getAttribute('name') ?? input.closest('select')?.getAttribute('name');
      if (!name || name === '_csrf') continue;
      (options[name] ??= []).push(input.getAttribute('value') ?? input.text);
    }
    for (const t of form.querySelectorAll('textarea[name], select[name]')) options[t.getAttribute('name')!] ??= [];
    delete values._csrf;
    return { values, options };
  }
  return { values: {}, options: {} };
}

export interface RouteFuzzer {
  w: MatrixWorld;
  targets: Target[];
  fuzz(target: Target): Promise<void>;
  close(): Promise<void>;
}

export async function routeFuzzer(share: Share): Promise<RouteFuzzer> {
  const w = await buildMatrixWorld();
  const admin = w.people.admin;
  const state: FuzzState = await fuzzState(w, admin.id);
  let client = await fresh();

  async function fresh(): Promise<SessionClient> {
    const c = await signedInClient(w.t.app, w.db, admin, w.orgA.id);
    return { client: c, csrf: await c.csrfToken('/account') };
  }

  const targets: Target[] = [];
  for (const entry of entriesFor(w.routes)) {
    if (shareOf(entry.path) !== share) continue;
    const url = w.urlOf(entry);
    const api = isApiUrl(url);
    const matrixBody = (await withCurrentVersions(w, entry, w.bodyOf(entry, 'admin'))) ?? {};
    if (api) {
      targets.push({ entry, url, api, base: matrixBody, options: {} });
      continue;
    }
    const form = await formOf(w, client, url);
    const base: FormBody = { ...form.values };
    for (const [k, v] of Object.entries(matrixBody)) base[k] = String(v);
    targets.push({ entry, url, api, base, options: form.options });
  }

  async function send(target: Target, body: Sent): Promise<LightMyRequestResponse> {
    const headers: Record<string, string> = {};
    if (target.api) {
      headers.authorization = `Bearer ${w.tokens.admin}`;
      headers['content-type'] = 'application/json';
    } else {
      headers.cookie = [...client.client.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
      headers['x-csrf-token'] = client.csrf;
    }
    let payload: string | Buffer;
    if (body.kind === 'raw') {
      payload = body.raw;
      if (body.contentType) headers['content-type'] = body.contentType;
      else if (!target.api) headers['content-type'] = 'application/x-www-form-urlencoded';
    } else if (body.kind === 'json') payload = JSON.stringify(body.json);
    else if (body.kind === 'multipart') {
      const boundary = '----fuzz7MA4YWxkTrZu0gW';
      const chunks: (string | Buffer)[] = [];
      for (const [k, v] of body.fields) {
        chunks.push(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n`, v, '\r\n');
      }
      if (body.file) {
        chunks.push(
          `--${boundary}\r\nContent-Disposition: form-data; name="${body.file.field}"; filename="${body.file.name}"\r\n`,
          `Content-Type: ${body.file.type}\r\n\r\n`,
          body.file.data,
          '\r\n',
        );
      }
      chunks.push(`--${boundary}--\r\n`);
      payload = Buffer.concat(chunks.map((c) => (typeof c === 'string' ? Buffer.from(c) : c)));
      headers['content-type'] = `multipart/form-data; boundary=${boundary}`;
    } else {
      const params = new URLSearchParams();
      for (const [k, v] of body.fields) params.append(k, v);
      payload = params.toString();
      headers['content-type'] = 'application/x-www-form-urlencoded';
    }
    return w.t.app.inject({ method: target.entry.method, url: target.url, headers, payload });
  }

  /** After an answer: keep a rotated session, or start a new one if the answer ended it. */
  async function follow(res: LightMyRequestResponse) {
    const set = res.cookies.filter((c) => c.name === 'qm_session' || c.name === 'qm_csrf');
    if (!set.length) return;
    const ended = set.some(
      (c) => c.name === 'qm_session' && (c.value === '' || c.maxAge === 0 || (c.expires && c.expires <= new Date())),
    );
    if (!ended) {
      for (const c of set) client.client.cookies.set(c.name, c.value);
      const token = await client.client.csrfToken('/account').catch(() => undefined);
      if (token) {
        client.csrf = token;
        return;
      }
    }
    client = await fresh();
  }

  async function fuzz(target: Target) {
    const statuses = new Map<number, number>();
    // Past the route's time, the remaining cases are generated but not sent (fast-check's own time limit
    // would abandon a request half way, and the next case would meet its writes).
    const deadline = FUZZ_SECONDS > 0 ? Date.now() + FUZZ_SECONDS * 1000 : Infinity;
    let sent = 0;
    // FUZZ_STATS: where a case's time goes (ms in each step, summed over the route's cases).
    const spent = { before: 0, send: 0, check: 0, follow: 0 };
    let clock = performance.now();
    const lap = (step: keyof typeof spent) => {
      const now = performance.now();
      spent[step] += now - clock;
      clock = now;
    };
    const started = performance.now();
    const property = fc.asyncProperty(bodyFor(target), async (body) => {
      if (Date.now() > deadline) return;
      sent += 1;
      clock = performance.now();
      const token = await state.before();
      lap('before');
      const res = await send(target, body);
      lap('send');
      statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
      const what = () =>
        `${target.entry.method} ${target.url} ${describeSent(body)} answered ${res.statusCode}: ${res.body.slice(0, 300)}`;
      expect(res.statusCode, what()).toBeLessThan(500);
      const perRecord = res.statusCode === 409 && SAVED_PER_RECORD.includes(target.entry.path);
      if (res.statusCode >= 400 && !perRecord) {
        expect(await state.changedSince(token), `${what()} and changed A’s rows`).toBe('');
      }
      lap('check');
      await follow(res);
      lap('follow');
    });
    const details = await fc.check(property, {
      numRuns: FUZZ_RUNS,
      seed: FUZZ_SEED,
      endOnFailure: true,
    });
    if (details.failed) {
      const cause =
        details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
      throw new Error(`${fc.defaultReportMessage(details) ?? 'property failed'}\n${cause}`);
    }
    // FUZZ_STATS=1: how many cases ran and what they were answered (do the bodies reach past validation?).
    if (process.env.FUZZ_STATS) {
      const seen = [...statuses].sort(([a], [b]) => a - b).map(([status, n]) => `${status}×${n}`);
      const total = performance.now() - started;
      const per = (ms: number) => (ms / Math.max(1, sent)).toFixed(2);
      const steps = Object.entries(spent).map(([step, ms]) => `${step} ${per(ms)}`);
      const generating = total - Object.values(spent).reduce((a, b) => a + b, 0);
      console.info(
        `${target.entry.method} ${target.entry.path}: ${sent} cases, ${seen.join(' ')}; ms a case: ${per(total)} (${steps.join(', ')}, generating ${per(generating)})`,
      );
    }
  }

  return { w, targets, fuzz, close: () => w.t.close() };
}
