import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.js';
import { insertOrganisation, insertPerson, signedInClient } from '../../../test/helpers/client.js';
import { readPage } from '../../../test/helpers/html.js';
import { operations, schemaFields, type FieldRow } from './openapi.js';
import { createToken } from '../accounts/tokens.service.js';
import {
  errorSchema,
  frameworkListSchema,
  frameworkSchema,
  frameworkVersionsSchema,
  markerConflictSchema,
  markerRecordSchema,
  meSchema,
  questionConflictSchema,
  questionResponseSchema,
  reviewConflictSchema,
  reviewListSchema,
  reviewSchema,
  roundSchema,
} from './schemas.js';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => t.close());

type Doc = {
  openapi: string;
  info: { title: string; version: string };
  paths: Record<string, Record<string, { responses: Record<string, unknown>; security?: unknown[] }>>;
  components: { schemas: Record<string, unknown>; securitySchemes: Record<string, { type: string; scheme: string }> };
};

const getDoc = async () => (await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json<Doc>();

/** Every route Fastify has, read from its route tree (HEAD routes are Fastify's own, for GET). */
function registeredRoutes(app: FastifyInstance): { method: string; path: string }[] {
  const routes: { method: string; path: string }[] = [];
  const stack: string[] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const m = /^((?:│ {3}| {4})*)[├└]── (.*?)(?: \(([A-Z, ]+)\))?$/.exec(line);
    if (!m) continue;
    const depth = m[1]!.length / 4;
    stack.length = depth;
    stack[depth] = m[2]!;
    for (const method of (m[3] ?? '').split(', ').filter((x) => x && x !== 'HEAD')) {
      routes.push({ method: method.toLowerCase(), path: stack.join('') });
    }
  }
  return routes;
}

/** Every $ref anywhere in a value. */
function refs(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(refs);
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => (k === '$ref' && typeof v === 'string' ? [v] : refs(v)));
  }
  return [];
}

describe('GET /api/v1/openapi.json', () => {
  it('is an OpenAPI 3.1 document whose every operation has responses', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    const doc = res.json<Doc>();
    expect(doc.openapi).toMatch(/^3\.1\.\d+$/);
    expect(doc.info.title).toBe('Quality Markers API');
    expect(doc.info.version).toBeTruthy();
    const ops = Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.entries(item).map(([m, op]) => ({ path, m, op })),
    );
    expect(ops.length).toBeGreaterThanOrEqual(4);
    for (const { path, m, op } of ops) {
      expect(path).toMatch(/^\/api\/v1\//);
      expect(['get', 'post', 'put', 'patch', 'delete']).toContain(m);
      expect(Object.keys(op.responses).length, `${m} ${path} has responses`).toBeGreaterThan(0);
      for (const status of Object.keys(op.responses)) expect(status).toMatch(/^[1-5]\d\d$/);
    }
  });

  it('documents bearer tokens, and which operations need one', async () => {
    const doc = await getDoc();
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(doc.paths['/api/v1/me']!.get!.security).toEqual([{ bearerAuth: [] }]);
    expect(doc.paths['/api/v1/reviews']!.post!.security).toEqual([{ bearerAuth: [] }]);
    expect(doc.paths['/api/v1/frameworks/schema.json']!.get!.security).toEqual([]);
    // Optional: anyone may call it; a token adds the partnership's own frameworks.
    expect(doc.paths['/api/v1/frameworks']!.get!.security).toEqual([{}, { bearerAuth: [] }]);
  });

  it('refers only to schemas it defines, built from the Zod schemas', async () => {
    const doc = await getDoc();
    const names = Object.keys(doc.components.schemas);
    expect(names).toEqual(expect.arrayContaining(['Error', 'Framework', 'FrameworkList', 'Me']));
    for (const ref of refs(doc)) expect(names).toContain(ref.replace('#/components/schemas/', ''));
    expect(doc.components.schemas.Error).toMatchObject({
      type: 'object',
      required: ['error'],
      properties: { error: { properties: { status: { type: 'integer' }, message: { type: 'string' } } } },
    });
    expect(JSON.stringify(doc)).not.toContain('"$schema"');
  });

  it('documents every route under /api/v1, and nothing that is not a route', async () => {
    const doc = await getDoc();
    const documented = Object.entries(doc.paths)
      .flatMap(([path, item]) => Object.keys(item).map((m) => `${m} ${path}`))
      .sort();
    const registered = registeredRoutes(t.app)
      .filter((r) => r.path.startsWith('/api/v1/'))
      .map((r) => `${r.method} ${r.path.replace(/:(\w+)/g, '{$1}')}`)
      .sort();
    expect(registered).toContain('get /api/v1/frameworks/{key}');
    const undocumented = registered.filter((r) => !documented.includes(r));
    const stale = documented.filter((d) => !registered.includes(d));
    expect(undocumented, 'API routes missing from `operations` in src/features/api/openapi.ts').toEqual([]);
    expect(stale, 'operations in src/features/api/openapi.ts with no route').toEqual([]);
  });
});

describe('the documented schemas match what the API sends', () => {
  it('for the frameworks', async () => {
    const list = await t.app.inject({ method: 'GET', url: '/api/v1/frameworks' });
    const parsedList = frameworkListSchema.safeParse(list.json());
    expect(parsedList.error?.issues).toBeUndefined();
    for (const f of parsedList.data!.frameworks) {
      const one = await t.app.inject({ method: 'GET', url: f.href });
      expect(frameworkSchema.safeParse(one.json()).error?.issues).toBeUndefined();
    }
  });

  it('for framework versions', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/frameworks/scr-quality-markers/versions' });
    const versions = frameworkVersionsSchema.parse(res.json());
    const one = await t.app.inject({ method: 'GET', url: versions.versions[0]!.href });
    expect(frameworkSchema.safeParse(one.json()).error?.issues).toBeUndefined();
  });

  it('for reviews, rounds, marker records and answers, and their conflicts', async () => {
    const db = t.testDb.db;
    const org = await insertOrganisation(db, 'Schema Checking Partnership');
    const member = await insertPerson(db, org.id, 'member');
    const actor = { userId: member.id, organisationId: org.id, ip: null, userAgent: null };
    const { token } = await createToken(
      db,
      { organisationId: org.id, userId: member.id, name: 'schemas', scopes: ['read', 'write'], expiresAt: null },
      actor,
    );
    const call = (method: 'GET' | 'POST' | 'PUT' | 'PATCH', url: string, payload?: object) =>
      t.app.inject({ method, url, payload, headers: { authorization: `Bearer ${token}` } });
    const parsed = <T>(
      schema: { safeParse(v: unknown): { success: boolean; data?: T; error?: unknown } },
      v: unknown,
    ) => {
      const result = schema.safeParse(v);
      expect(result.error).toBeUndefined();
      return result.data as T;
    };

    const created = await call('POST', '/api/v1/reviews', {
      reference: 'SC 1',
      title: 'Schema check',
      subjectPseudonym: 'Child A',
      type: 'scr',
      frameworkKey: 'scr-quality-markers',
    });
    expect(created.statusCode).toBe(201);
    const review = parsed<{ id: string; version: number }>(reviewSchema, created.json());
    parsed(reviewListSchema, (await call('GET', '/api/v1/reviews')).json());
    parsed(reviewSchema, (await call('GET', `/api/v1/reviews/${review.id}`)).json());
    const patched = await call('PATCH', `/api/v1/reviews/${review.id}`, { version: review.version, title: 'Changed' });
    parsed(reviewSchema, patched.json());
    const conflict = await call('PATCH', `/api/v1/reviews/${review.id}`, { version: review.version, title: 'Again' });
    expect(conflict.statusCode).toBe(409);
    parsed(reviewConflictSchema, conflict.json());

    const round = await call('POST', `/api/v1/reviews/${review.id}/rounds`, { purpose: 'planning' });
    expect(round.statusCode).toBe(201);
    const { id: roundId } = parsed<{ id: string }>(roundSchema, round.json());
    const base = `/api/v1/reviews/${review.id}/rounds/${roundId}/markers/analysis`;
    const marker = parsed<{ version: number; questions: { key: string; version: number }[] }>(
      markerRecordSchema,
      (await call('GET', base)).json(),
    );
    parsed(markerRecordSchema, (await call('PUT', base, { version: marker.version, rationale: 'Because' })).json());
    const staleMarker = await call('PUT', base, { version: marker.version, rationale: 'Late' });
    expect(staleMarker.statusCode).toBe(409);
    parsed(markerConflictSchema, staleMarker.json());
    const q = marker.questions[0]!;
    const answer = await call('PUT', `${base}/questions/${q.key}`, { version: q.version, answer: 'yes' });
    parsed(questionResponseSchema, answer.json());
    const staleAnswer = await call('PUT', `${base}/questions/${q.key}`, { version: q.version, answer: 'no' });
    expect(staleAnswer.statusCode).toBe(409);
    parsed(questionConflictSchema, staleAnswer.json());
    const invalid = await call('POST', '/api/v1/reviews', { reference: '' });
    expect(invalid.statusCode).toBe(400);
    parsed(errorSchema, invalid.json());
  });

  it('for errors', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/frameworks/nope' });
    expect(res.statusCode).toBe(404);
    expect(errorSchema.parse(res.json())).toEqual({ error: { status: 404, message: "There is no framework 'nope'" } });
  });
});

describe('GET /api/v1/me', () => {
  it('needs a token or a session: 401 with the error shape', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/me' });
    expect(res.statusCode).toBe(401);
    expect(errorSchema.parse(res.json()).error.status).toBe(401);
    const bad = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: 'Bearer qm_nope' } });
    expect(bad.statusCode).toBe(401);
  });

  it('says who is signed in, in which partnership, with what role', async () => {
    const org = await insertOrganisation(t.testDb.db, 'Meadowshire Safeguarding Adults Board');
    const person = await insertPerson(t.testDb.db, org.id, 'member');
    const client = await signedInClient(t.app, t.testDb.db, person, org.id);
    const res = await client.get('/api/v1/me');
    expect(res.statusCode).toBe(200);
    expect(meSchema.parse(res.json())).toEqual({
      user: { id: person.id, email: person.email, name: person.name },
      partnership: { slug: org.slug, name: org.name },
      role: 'member',
      scopes: ['read', 'write'],
    });
  });
});

describe('GET /api/docs', () => {
  it('lists every operation with its method, path, authentication and fields, without scripts of its own', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/docs' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    const page = readPage(res.body);
    expect(page.title).toBe('API reference – Quality Markers');
    expect(page.h1).toBe('API reference');
    const h2 = page.all('h2');
    expect(h2).toEqual(expect.arrayContaining(['Authentication', 'Errors', 'Operations', 'Schemas']));
    const h3 = page.all('h3');
    const section = (id: string) => page.root.querySelector(`section[aria-labelledby="${id}"]`);
    for (const op of operations) {
      expect(h3).toContain(`${op.method.toUpperCase()} ${op.path}`);
      expect(section(op.operationId)?.text).toContain(op.summary);
    }
    expect(h3).toEqual(expect.arrayContaining(['Framework', 'Me', 'Error']));
    const params = page.all('table caption');
    expect(params).toContain('Parameters of GET /api/v1/frameworks/{key}');
    expect(section('getMe')?.text).toContain('Bearer token (read scope)');
    const meFields = section('schema-Me')
      ?.querySelectorAll('tbody th')
      .map((th) => th.text);
    expect(meFields).toEqual([
      'user',
      'user.id',
      'user.email',
      'user.name',
      'partnership',
      'partnership.slug',
      'partnership.name',
      'role',
      'scopes',
    ]);
    // Server-rendered only: no script is loaded but the app's own progressive enhancement.
    const sources = page.root.querySelectorAll('script[src]').map((s) => s.getAttribute('src'));
    expect(sources).toEqual([expect.stringMatching(/^\/assets\/app\.js/)]);
    expect(res.body).not.toMatch(/swagger/i);
  });
});

describe('schemaFields', () => {
  it('flattens nested objects and lists, and links named schemas', () => {
    const rows = schemaFields({
      type: 'object',
      required: ['a'],
      properties: {
        a: { type: 'array', items: { $ref: '#/components/schemas/Option' } },
        b: { type: 'array', items: { type: 'object', properties: { c: { type: ['string', 'null'] } } } },
        d: { type: 'string', enum: ['x', 'y'], description: 'Pick one', default: 'x' },
        e: { anyOf: [{ type: 'string', minLength: 1, maxLength: 40 }, { type: 'null' }], description: 'Name' },
        f: { type: 'integer', minimum: -9007199254740991, maximum: 9007199254740991 },
      },
    });
    const row = (name: string, type: string, rest: Partial<FieldRow> = {}): FieldRow => ({
      name,
      type,
      ref: undefined,
      required: false,
      description: '',
      rules: [],
      ...rest,
    });
    expect(rows).toEqual([
      row('a', 'list of Option', { ref: 'Option', required: true }),
      row('b', 'list of object'),
      row('b[].c', 'string or null'),
      row('d', 'one of "x", "y"', { description: 'Pick one', rules: ['default: "x"'] }),
      row('e', 'string or null', { description: 'Name', rules: ['1 to 40 characters'] }),
      row('f', 'whole number'),
    ]);
  });
});
