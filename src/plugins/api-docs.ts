import fp from 'fastify-plugin';
import { z } from 'zod';
import { API_PREFIX } from './auth.js';

/**
 * The JSON API documents itself route by route. Each /api/v1 route says what it is in its own options,
 * `config: { api: { … } }`, with the Zod schemas it parses with and answers in; this plugin, registered
 * before any feature, collects those routes (an onRoute hook at the root), and the api feature builds the
 * OpenAPI document and the /api/docs page from them. The documentation lives in `config`, not in Fastify's
 * `schema`, on purpose: a `schema` would make Fastify validate bodies with ajv and serialise responses
 * with fast-json-stringify, and the API's answers (its 400 messages, its fields) would change.
 */

/**
 * none: anyone; optional: anyone, and a token shows more; read: any valid token (or a signed-in
 * session); write: a token with the write scope.
 */
export type Access = 'none' | 'optional' | 'read' | 'write';

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** The groups of operations, in the order the document and the reference page list them. */
export const API_TAGS = ['About the API', 'Accounts', 'Frameworks', 'Reviews', 'Assessments', 'Exports'] as const;
export type ApiTag = (typeof API_TAGS)[number];

export interface ApiParameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required: boolean;
  description: string;
  schema: z.ZodType;
}

export interface ApiResponse {
  description: string;
  /** A schema named with `named()`: it becomes a component of the document, referred to by name. */
  schema: z.ZodType;
  /** Defaults to application/json. */
  contentType?: string;
}

/** One operation of the API, as its route declares it. */
export interface ApiDoc {
  operationId: string;
  summary: string;
  description?: string;
  tag: ApiTag;
  access: Access;
  /** Path parameters (every `:name` of the route's URL), then query and header parameters. */
  parameters?: ApiParameter[];
  /** The request body: the schema the handler parses with, named with `named()`. */
  body?: { description: string; schema: z.ZodType };
  responses: Record<number, ApiResponse>;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route's entry in the API's documentation; every route under /api/v1 has one. */
    api?: ApiDoc;
  }
  interface FastifyInstance {
    /** Every route under /api/v1 registered so far, in order, with its documentation if it has any. */
    collectedApiRoutes(): readonly CollectedApiRoute[];
  }
}

export interface CollectedApiRoute {
  method: string;
  /** Fastify's pattern, like /api/v1/reviews/:id */
  url: string;
  doc: ApiDoc | undefined;
}

/* Names of the schemas that become components of the document ("Review", "Error"), by schema. */
const names = new Map<z.ZodType, string>();
const byName = new Map<string, z.ZodType>();

/** Names a schema for the API's documentation, where it is referred to by that name; returns the schema. */
export function named<T extends z.ZodType>(name: string, schema: T): T {
  const existing = byName.get(name);
  if (existing && existing !== schema) throw new Error(`Two API schemas are named ${name}`);
  names.set(schema, name);
  byName.set(name, schema);
  return schema;
}

/** The name a schema was given with `named()`, if any. */
export const nameOf = (schema: z.ZodType): string | undefined => names.get(schema);

/** Every named schema, by name. */
export const namedSchemas = (): ReadonlyMap<string, z.ZodType> => byName;

export const errorSchema = named(
  'Error',
  z
    .strictObject({
      error: z.strictObject({
        status: z.number().int().describe('The HTTP status code, repeated'),
        message: z.string().describe('What went wrong, in words a person can act on'),
      }),
    })
    .describe('Every error response has this shape'),
);

/** The answer to a write that named an old version: the error and the record as it is now. */
export const conflictOf = (current: z.ZodType, what: string) =>
  z
    .strictObject({
      error: errorSchema.shape.error,
      current: current.describe(`The ${what} as it is now`),
    })
    .describe(`Someone else changed the ${what} first: nothing was saved`);

/** What `requireAuth()` answers, for the responses of every operation that needs a token. */
export const unauthorised: Record<number, ApiResponse> = {
  401: { description: 'No token, or the token is unknown, revoked or expired', schema: errorSchema },
  403: {
    description: 'The token may not do this (a read-only token, or the role does not allow it)',
    schema: errorSchema,
  },
};

export const pathParam = (name: string, description: string): ApiParameter => ({
  name,
  in: 'path',
  required: true,
  description,
  schema: z.string(),
});

/** Collects the API's routes as they are registered. Register it before the features. */
export default fp(
  async (app) => {
    const routes: CollectedApiRoute[] = [];
    app.decorate('collectedApiRoutes', () => routes);
    app.addHook('onRoute', (route) => {
      if (!route.url.startsWith(`${API_PREFIX}/`)) return;
      const methods = Array.isArray(route.method) ? route.method : [route.method];
      // HEAD routes are Fastify's own, added for each GET.
      for (const method of methods.filter((m) => m !== 'HEAD')) {
        routes.push({ method: method.toLowerCase(), url: route.url, doc: route.config?.api });
      }
    });
  },
  { name: 'api-docs' },
);
