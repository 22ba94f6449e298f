import { z } from 'zod';
import {
  API_TAGS,
  errorSchema,
  nameOf,
  namedSchemas,
  type Access,
  type ApiDoc,
  type CollectedApiRoute,
  type HttpMethod,
} from '../../plugins/api-docs.js';

/**
 * The OpenAPI 3.1 document, built from the routes themselves: every /api/v1 route declares its
 * operation in `config.api` (plugins/api-docs.ts), with the Zod schemas it parses with and answers in,
 * and Zod 4's toJSONSchema writes them as JSON Schema 2020-12, the dialect OpenAPI 3.1 uses.
 */

/** An operation of the API: a documented route, its path written the OpenAPI way (/api/v1/reviews/{id}). */
export interface ApiOperation extends ApiDoc {
  method: HttpMethod;
  path: string;
}

type JsonSchema = Record<string, unknown>;

/** /api/v1/reviews/:id → /api/v1/reviews/{id} */
export const openApiPath = (url: string) => url.replace(/:(\w+)/g, '{$1}');

/** The documented routes, in the order the document lists them: by group, then as registered. */
export function apiOperations(routes: readonly CollectedApiRoute[]): ApiOperation[] {
  const operations = routes.flatMap(({ method, url, doc }) =>
    doc ? [{ ...doc, method: method as HttpMethod, path: openApiPath(url) }] : [],
  );
  return operations.sort((a, b) => API_TAGS.indexOf(a.tag) - API_TAGS.indexOf(b.tag));
}

/** The name of a response or body schema; every one must be named, so it is a component of the document. */
function componentName(schema: z.ZodType, where: string): string {
  const name = nameOf(schema);
  if (!name) throw new Error(`${where}: name the schema with named() from plugins/api-docs.ts`);
  return name;
}

const withoutDialect = ({ $schema: _dialect, $id: _id, ...rest }: JsonSchema) => rest;

/**
 * The components the operations use, and the schemas those use in turn, in the order they are first
 * met, the error first. A schema that is a response (or part of one) is shown as the API sends it; one only ever sent is
 * shown as the API accepts it (a field with a default is optional).
 */
export function componentSchemas(operations: readonly ApiOperation[]): Record<string, JsonSchema> {
  const uri = (id: string) => `#/components/schemas/${id}`;
  const registry = z.registry<{ id: string }>();
  for (const [name, schema] of namedSchemas()) registry.add(schema, { id: name });
  const converted = (io: 'input' | 'output') =>
    z.toJSONSchema(registry, { uri, io, unrepresentable: 'any' }).schemas as Record<string, JsonSchema>;
  const [asSent, asAccepted] = [converted('output'), converted('input')];

  const found = new Map<string, JsonSchema>();
  const visit = (name: string, sent: boolean) => {
    if (found.has(name)) return;
    const schema = withoutDialect((sent ? asSent : asAccepted)[name]!);
    found.set(name, schema);
    for (const ref of refsIn(schema)) visit(ref.replace(uri(''), ''), sent);
  };
  // The shape of every error comes first: the reference page's "Errors" section points to it.
  visit(nameOf(errorSchema)!, true);
  for (const op of operations) {
    const where = `${op.method.toUpperCase()} ${op.path}`;
    for (const response of Object.values(op.responses)) visit(componentName(response.schema, where), true);
  }
  for (const op of operations) {
    if (op.body) visit(componentName(op.body.schema, `${op.method.toUpperCase()} ${op.path}`), false);
  }
  return Object.fromEntries(found);
}

/** Every $ref in a value, in order. */
export function refsIn(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(refsIn);
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => (k === '$ref' && typeof v === 'string' ? [v] : refsIn(v)));
  }
  return [];
}

export function parameterSchema(schema: z.ZodType): JsonSchema {
  return withoutDialect(z.toJSONSchema(schema));
}

const ref = (schema: z.ZodType) => ({ $ref: `#/components/schemas/${nameOf(schema)}` });

const SECURITY: Record<Access, object[]> = {
  none: [],
  optional: [{}, { bearerAuth: [] }],
  read: [{ bearerAuth: [] }],
  write: [{ bearerAuth: [] }],
};

function pathItem(op: ApiOperation) {
  return {
    operationId: op.operationId,
    summary: op.summary,
    ...(op.description ? { description: op.description } : {}),
    tags: [op.tag],
    security: SECURITY[op.access],
    ...(op.parameters?.length
      ? {
          parameters: op.parameters.map((p) => ({
            name: p.name,
            in: p.in,
            required: p.required,
            description: p.description,
            schema: parameterSchema(p.schema),
          })),
        }
      : {}),
    ...(op.body
      ? {
          requestBody: {
            required: true,
            description: op.body.description,
            content: { 'application/json': { schema: ref(op.body.schema) } },
          },
        }
      : {}),
    responses: Object.fromEntries(
      Object.entries(op.responses).map(([status, r]) => [
        status,
        { description: r.description, content: { [r.contentType ?? 'application/json']: { schema: ref(r.schema) } } },
      ]),
    ),
  };
}

/** The OpenAPI 3.1 document of these operations. */
export function buildOpenApiDocument(serverUrl: string, operations: readonly ApiOperation[]) {
  const schemas = componentSchemas(operations);
  const paths: Record<string, Record<string, ReturnType<typeof pathItem>>> = {};
  for (const op of operations) (paths[op.path] ??= {})[op.method] = pathItem(op);
  return {
    openapi: '3.1.0',
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    info: {
      title: 'Quality Markers API',
      version: '1.0.0',
      description:
        'Read the quality-marker frameworks, and work with your partnership’s reviews. Send a personal API ' +
        'token as `Authorization: Bearer <token>`; create one under Your account, API tokens.',
    },
    servers: [{ url: serverUrl }],
    tags: [...new Set(operations.map((o) => o.tag))].map((name) => ({ name })),
    paths,
    components: {
      securitySchemes: {
        bearerAuth: {
          type: 'http',
          scheme: 'bearer',
          description:
            'A personal API token (it starts qm_). A token has the read scope, or read and write; ' +
            'it works in one partnership, with its owner’s role there.',
        },
      },
      schemas,
    },
  };
}

export type OpenApiDocument = ReturnType<typeof buildOpenApiDocument>;
