import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.js';
import { insertOrganisation, insertPerson, signedInClient } from '../../../test/helpers/client.js';
import { errorSchema } from '../../plugins/api-docs.js';
import { createToken } from '../accounts/tokens.service.js';
import {
  markerConflictSchema,
  markerRecordSchema,
  questionConflictSchema,
  questionResponseSchema,
  roundSchema,
} from '../assessments/records/api.schemas.js';
import {
  apiFrameworkSchema as frameworkSchema,
  frameworkListSchema,
  frameworkVersionsSchema,
} from '../frameworks/api.schemas.js';
import { reviewConflictSchema, reviewDetailSchema, reviewListSchema, reviewSchema } from '../reviews/api.schemas.js';
import { meSchema } from './api.schemas.js';
import { apiOperations, openApiPath, refsIn as refs } from './openapi.js';

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
    expect(undocumented, 'API routes with no `config: { api }` (see src/plugins/api-docs.ts)').toEqual([]);
    expect(stale, 'documented operations with no route').toEqual([]);
  });

  it('is OpenAPI 3.1 in shape: unique operation ids, known tags, parameters that match the path', async () => {
    const doc = await getDoc();
    const full = doc as unknown as {
      tags: { name: string }[];
      paths: Record<string, Record<string, Operation>>;
      components: { schemas: Record<string, unknown>; securitySchemes: Record<string, unknown> };
    };
    type Operation = {
      operationId: string;
      summary: string;
      tags: string[];
      security: Record<string, unknown>[];
      parameters?: { name: string; in: string; required: boolean; schema: object }[];
      requestBody?: { content: Record<string, { schema: object }> };
      responses: Record<string, { description: string; content: Record<string, { schema: object }> }>;
    };
    const ops = Object.entries(full.paths).flatMap(([path, item]) => Object.values(item).map((op) => ({ path, op })));
    const ids = ops.map(({ op }) => op.operationId);
    expect(ids.every((id) => /^[a-z][A-Za-z]+$/.test(id))).toBe(true);
    expect(new Set(ids).size, 'operationIds are unique').toBe(ids.length);
    const tags = full.tags.map((tag) => tag.name);
    expect(new Set(tags).size).toBe(tags.length);
    for (const name of Object.keys(full.components.schemas)) expect(name).toMatch(/^[A-Za-z0-9._-]+$/);
    for (const { path, op } of ops) {
      const where = `${op.operationId} (${path})`;
      expect(op.summary, where).toBeTruthy();
      expect(
        op.tags.every((tag) => tags.includes(tag)),
        where,
      ).toBe(true);
      for (const requirement of op.security) {
        for (const scheme of Object.keys(requirement)) expect(full.components.securitySchemes).toHaveProperty(scheme);
      }
      const inPath = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      const pathParams = (op.parameters ?? []).filter((p) => p.in === 'path');
      expect(
        pathParams.map((p) => p.name),
        `${where}: its path parameters`,
      ).toEqual(inPath);
      expect(pathParams.every((p) => p.required)).toBe(true);
      const keys = (op.parameters ?? []).map((p) => `${p.in} ${p.name}`);
      expect(new Set(keys).size, `${where}: no parameter twice`).toBe(keys.length);
      for (const p of op.parameters ?? []) expect(['path', 'query', 'header', 'cookie']).toContain(p.in);
      for (const r of Object.values(op.responses)) {
        expect(r.description, where).toBeTruthy();
        expect(Object.keys(r.content).length, where).toBe(1);
      }
    }
  });

  it('is built from the routes: every documented route, and only those, in the order of its groups', async () => {
    const fromRoutes = apiOperations(t.app.collectedApiRoutes());
    const routes = t.app.collectedApiRoutes();
    expect(routes.filter((r) => !r.doc).map((r) => `${r.method} ${r.url}`)).toEqual([]);
    expect(fromRoutes.map((op) => `${op.method} ${op.path}`).sort()).toEqual(
      routes.map((r) => `${r.method} ${openApiPath(r.url)}`).sort(),
    );
    const doc = await getDoc();
    expect(
      Object.entries(doc.paths).flatMap(([path, item]) =>
        Object.keys(item).map((method) => fromRoutes.find((op) => op.path === path && op.method === method)?.tag),
      ),
    ).toEqual(fromRoutes.map((op) => op.tag));
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
    parsed(reviewDetailSchema, (await call('GET', `/api/v1/reviews/${review.id}`)).json());
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
