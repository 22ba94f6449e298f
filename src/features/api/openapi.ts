import { z } from 'zod';
import { importedReviewSchema, importProblemsSchema } from '../exports/import.schema.js';
import { reviewExportSchema } from '../exports/review-export.schema.js';
import { apiSchemas, requestSchemas } from './schemas.js';

apiSchemas.add(reviewExportSchema, { id: 'ReviewExport' });
apiSchemas.add(importedReviewSchema, { id: 'ImportedReview' });
apiSchemas.add(importProblemsSchema, { id: 'ImportProblems' });
apiSchemas.add(z.looseObject({}).describe('JSON Schema (2020-12) of the review export'), {
  id: 'ReviewExportJsonSchema',
});

/**
 * The API's operations, described once, and the OpenAPI 3.1 document built from them and the Zod
 * schemas (Zod 4's toJSONSchema writes JSON Schema 2020-12, the dialect OpenAPI 3.1 uses). The test
 * compares the operations with the routes Fastify has under /api/v1: an undocumented route fails it.
 */

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

/**
 * none: anyone; optional: anyone, and a token shows more; read: any valid token (or a signed-in
 * session); write: a token with the write scope.
 */
export type Access = 'none' | 'optional' | 'read' | 'write';

export interface ApiParameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required: boolean;
  description: string;
  schema: z.ZodType;
}

export interface ApiResponse {
  description: string;
  /** A component name from apiSchemas (or requestSchemas for bodies). */
  schema: string;
  /** Defaults to application/json. */
  contentType?: string;
}

export interface ApiOperation {
  method: HttpMethod;
  /** OpenAPI style: /api/v1/frameworks/{key} */
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  tag: string;
  access: Access;
  parameters?: ApiParameter[];
  requestBody?: { description: string; schema: string };
  responses: Record<string, ApiResponse>;
}

const unauthorised: Record<string, ApiResponse> = {
  '401': { description: 'No token, or the token is unknown, revoked or expired', schema: 'Error' },
  '403': {
    description: 'The token may not do this (a read-only token, or the role does not allow it)',
    schema: 'Error',
  },
};

const pathParam = (name: string, description: string): ApiParameter => ({
  name,
  in: 'path',
  required: true,
  description,
  schema: z.string(),
});

const frameworkKey = pathParam('key', 'The framework’s key, like scr-quality-markers');
const reviewId = pathParam('id', 'The review’s ID');
const markerParams = [
  reviewId,
  pathParam('roundId', 'The round’s ID'),
  pathParam('markerKey', 'The marker’s key, like family-involvement'),
];
const ifMatch: ApiParameter = {
  name: 'If-Match',
  in: 'header',
  required: false,
  description: 'The version you read, like "3", when the body has no version',
  schema: z.string(),
};

export const operations: ApiOperation[] = [
  {
    method: 'get',
    path: '/api/v1/openapi.json',
    operationId: 'getOpenApiDocument',
    summary: 'This API’s description, as an OpenAPI 3.1 document',
    tag: 'About the API',
    access: 'none',
    responses: { '200': { description: 'The OpenAPI document', schema: 'OpenApiDocument' } },
  },
  {
    method: 'get',
    path: '/api/v1/me',
    operationId: 'getMe',
    summary: 'Who the token belongs to, and what it may do',
    description: 'Use it to check a token works. Any valid token may call it.',
    tag: 'Accounts',
    access: 'read',
    responses: { '200': { description: 'The token’s owner and partnership', schema: 'Me' }, ...unauthorised },
  },
  {
    method: 'get',
    path: '/api/v1/frameworks',
    operationId: 'listFrameworks',
    summary: 'List the frameworks',
    description: 'The latest version of each framework.',
    tag: 'Frameworks',
    access: 'optional',
    responses: { '200': { description: 'The frameworks', schema: 'FrameworkList' } },
  },
  {
    method: 'get',
    path: '/api/v1/frameworks/schema.json',
    operationId: 'getFrameworkJsonSchema',
    summary: 'The JSON Schema of a framework file',
    description: 'For people writing their own framework: editors use it to check the file as it is written.',
    tag: 'Frameworks',
    access: 'none',
    responses: {
      '200': {
        description: 'The JSON Schema',
        schema: 'FrameworkJsonSchema',
        contentType: 'application/schema+json',
      },
    },
  },
  {
    method: 'get',
    path: '/api/v1/frameworks/{key}',
    operationId: 'getFramework',
    summary: 'Get a framework',
    description: 'The latest version of one framework: stages, markers, questions and guidance.',
    tag: 'Frameworks',
    access: 'optional',
    parameters: [frameworkKey],
    responses: {
      '200': { description: 'The framework', schema: 'Framework' },
      '404': { description: 'There is no framework with that key', schema: 'Error' },
    },
  },
  {
    method: 'get',
    path: '/api/v1/frameworks/{key}/versions',
    operationId: 'listFrameworkVersions',
    summary: 'List the versions of a framework',
    tag: 'Frameworks',
    access: 'optional',
    parameters: [frameworkKey],
    responses: {
      '200': { description: 'The versions, newest first', schema: 'FrameworkVersions' },
      '404': { description: 'There is no framework with that key', schema: 'Error' },
    },
  },
  {
    method: 'get',
    path: '/api/v1/frameworks/{key}/versions/{version}',
    operationId: 'getFrameworkVersion',
    summary: 'Get one version of a framework',
    description: 'Reviews pin the version they started with: use this to read exactly that version.',
    tag: 'Frameworks',
    access: 'optional',
    parameters: [frameworkKey, pathParam('version', 'The version, like 1.0.0')],
    responses: {
      '200': { description: 'That version of the framework', schema: 'Framework' },
      '404': { description: 'There is no such framework or version', schema: 'Error' },
    },
  },
  {
    method: 'get',
    path: '/api/v1/reviews',
    operationId: 'listReviews',
    summary: 'List the partnership’s reviews',
    tag: 'Reviews',
    access: 'read',
    responses: { '200': { description: 'The reviews', schema: 'ReviewList' }, ...unauthorised },
  },
  {
    method: 'post',
    path: '/api/v1/reviews',
    operationId: 'createReview',
    summary: 'Start a review',
    description:
      'The review pins the framework version it starts with (the latest unless you name one). Any framework the partnership can see will do: a built-in one or its own import.',
    tag: 'Reviews',
    access: 'write',
    requestBody: { description: 'The review to start', schema: 'CreateReview' },
    responses: {
      '201': { description: 'The review was started; Location gives its address', schema: 'Review' },
      '400': { description: 'The body is not valid: the message names each field and its problem', schema: 'Error' },
      ...unauthorised,
    },
  },
  {
    method: 'get',
    path: '/api/v1/reviews/{id}',
    operationId: 'getReview',
    summary: 'Get a review',
    description: 'The ETag header holds the review’s version.',
    tag: 'Reviews',
    access: 'read',
    parameters: [reviewId],
    responses: {
      '200': { description: 'The review', schema: 'Review' },
      ...unauthorised,
      '404': { description: 'There is no such review in the partnership', schema: 'Error' },
    },
  },
  {
    method: 'patch',
    path: '/api/v1/reviews/{id}',
    operationId: 'updateReview',
    summary: 'Change a review',
    description: 'Send only the fields to change, with the version you read. Nothing is overwritten silently.',
    tag: 'Reviews',
    access: 'write',
    parameters: [reviewId],
    requestBody: { description: 'The changes', schema: 'PatchReview' },
    responses: {
      '200': { description: 'The review as saved', schema: 'Review' },
      '400': { description: 'The body is not valid', schema: 'Error' },
      ...unauthorised,
      '404': { description: 'There is no such review in the partnership', schema: 'Error' },
      '409': { description: 'Someone else changed the review first; nothing was saved', schema: 'ReviewConflict' },
    },
  },
  {
    method: 'post',
    path: '/api/v1/reviews/{id}/framework-version',
    operationId: 'moveReviewFramework',
    summary: 'Move a review to a newer framework version',
    description:
      'With dryRun=true, says what would be carried over, added and dropped, and changes nothing; anyone on the ' +
      'review may ask. Otherwise moves the review (business manager, chair or partnership admin only), at the ' +
      'review version you read. Existing rounds keep the version they were made with; nothing is deleted.',
    tag: 'Reviews',
    access: 'write',
    parameters: [
      reviewId,
      {
        name: 'dryRun',
        in: 'query',
        required: false,
        description: 'true: only preview the move',
        schema: z.enum(['true', 'false']),
      },
    ],
    requestBody: { description: 'The version to move to', schema: 'MoveFramework' },
    responses: {
      '200': { description: 'The review moved, or the preview of a dry run', schema: 'FrameworkMove' },
      '400': {
        description: 'The body is not valid, or the version does not exist or is not newer than the review’s',
        schema: 'Error',
      },
      ...unauthorised,
      '404': { description: 'There is no such review in the partnership', schema: 'Error' },
      '409': { description: 'Someone else changed the review first; nothing moved', schema: 'FrameworkMoveConflict' },
    },
  },
  {
    method: 'post',
    path: '/api/v1/reviews/{id}/rounds',
    operationId: 'createRound',
    summary: 'Start an assessment round',
    description: 'A round can start afresh or copy the judgements of an earlier round.',
    tag: 'Assessments',
    access: 'write',
    parameters: [reviewId],
    requestBody: { description: 'The round to start', schema: 'CreateRound' },
    responses: {
      '201': { description: 'The round was started', schema: 'Round' },
      '400': { description: 'The body is not valid', schema: 'Error' },
      ...unauthorised,
      '404': { description: 'There is no such review in the partnership', schema: 'Error' },
    },
  },
  {
    method: 'get',
    path: '/api/v1/reviews/{id}/rounds/{roundId}/markers/{markerKey}',
    operationId: 'getMarkerRecord',
    summary: 'Get the quality record of a marker',
    description: 'The judgement, status, rationale and answers. The ETag header holds the record’s version.',
    tag: 'Assessments',
    access: 'read',
    parameters: markerParams,
    responses: {
      '200': { description: 'The marker record', schema: 'MarkerRecord' },
      ...unauthorised,
      '404': { description: 'There is no such review, round or marker', schema: 'Error' },
    },
  },
  {
    method: 'put',
    path: '/api/v1/reviews/{id}/rounds/{roundId}/markers/{markerKey}',
    operationId: 'saveMarkerRecord',
    summary: 'Save the quality record of a marker',
    description:
      'Name the version you read, in the body or an If-Match header. A marker can be ready for sign-off or completed only with a judgement other than "not yet assessed".',
    tag: 'Assessments',
    access: 'write',
    parameters: [...markerParams, ifMatch],
    requestBody: { description: 'The changes', schema: 'PutMarker' },
    responses: {
      '200': { description: 'The marker record as saved', schema: 'MarkerRecord' },
      '400': {
        description: 'The body is not valid, names no version, or would leave a done marker with no judgement',
        schema: 'Error',
      },
      ...unauthorised,
      '404': { description: 'There is no such review, round or marker', schema: 'Error' },
      '409': { description: 'Someone else saved the marker first; nothing was saved', schema: 'MarkerConflict' },
    },
  },
  {
    method: 'put',
    path: '/api/v1/reviews/{id}/rounds/{roundId}/markers/{markerKey}/questions/{questionKey}',
    operationId: 'saveAnswer',
    summary: 'Save the answer to a question',
    description: 'Name the version you read, in the body or an If-Match header.',
    tag: 'Assessments',
    access: 'write',
    parameters: [...markerParams, pathParam('questionKey', 'The question’s key'), ifMatch],
    requestBody: { description: 'The changes', schema: 'PutQuestion' },
    responses: {
      '200': { description: 'The answer as saved', schema: 'QuestionResponse' },
      '400': { description: 'The body is not valid, or names no version', schema: 'Error' },
      ...unauthorised,
      '404': { description: 'There is no such review, round, marker or question', schema: 'Error' },
      '409': { description: 'Someone else saved the answer first; nothing was saved', schema: 'QuestionConflict' },
    },
  },
  {
    method: 'get',
    path: '/api/v1/reviews/export.schema.json',
    operationId: 'getReviewExportJsonSchema',
    summary: 'The JSON Schema of a review export',
    description: 'The document that format=json sends and the import takes. See docs/review-export.md.',
    tag: 'Exports',
    access: 'none',
    responses: {
      '200': {
        description: 'The JSON Schema',
        schema: 'ReviewExportJsonSchema',
        contentType: 'application/schema+json',
      },
    },
  },
  {
    method: 'get',
    path: '/api/v1/reviews/{id}/export',
    operationId: 'exportReview',
    summary: 'Export a whole review',
    description:
      'As Word (docx), Excel (xlsx), PDF, CSV or JSON. The JSON is the whole review (rounds, records, ' +
      'answers, evidence, comments, findings, actions, the written response and history); CSV is one row ' +
      'per marker of a round, or with table=actions one row per action. Every export is recorded in the ' +
      'audit log. The Content-Disposition header names the file after the review’s reference.',
    tag: 'Exports',
    access: 'read',
    parameters: [
      reviewId,
      {
        name: 'format',
        in: 'query',
        required: true,
        description: 'docx, xlsx, pdf, csv or json',
        schema: z.enum(['docx', 'xlsx', 'pdf', 'csv', 'json']),
      },
      {
        name: 'files',
        in: 'query',
        required: false,
        description: 'include: put evidence files in the JSON, base64-encoded (format=json only)',
        schema: z.enum(['include']),
      },
      {
        name: 'table',
        in: 'query',
        required: false,
        description: 'CSV only: markers (the default) or actions',
        schema: z.enum(['markers', 'actions']),
      },
      {
        name: 'round',
        in: 'query',
        required: false,
        description: 'CSV of markers only: the round’s number (the latest by default)',
        schema: z.string().regex(/^[1-9]\d*$/),
      },
    ],
    responses: {
      '200': {
        description:
          'The export. With format=json this document; otherwise a file of type ' +
          'application/vnd.openxmlformats-officedocument.wordprocessingml.document, ' +
          'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet, application/pdf or text/csv',
        schema: 'ReviewExport',
      },
      '400': { description: 'An unknown format, or an option that does not fit it', schema: 'Error' },
      ...unauthorised,
      '404': { description: 'There is no such review in the partnership', schema: 'Error' },
    },
  },
  {
    method: 'post',
    path: '/api/v1/reviews/import',
    operationId: 'importReview',
    summary: 'Import a review exported as JSON',
    description:
      'Recreates the review in your partnership with new ids, in one transaction. Team members are matched ' +
      'to your partnership’s people by email, then name; the rest are left off and listed. People named ' +
      'elsewhere in the file are matched by name. Partnership admins and members may import; the body may ' +
      'be up to 64 MB.',
    tag: 'Exports',
    access: 'write',
    requestBody: { description: 'A review export (format=json)', schema: 'ReviewExport' },
    responses: {
      '201': { description: 'The review was imported; Location gives its address', schema: 'ImportedReview' },
      '400': {
        description: 'The body is not JSON, or not a review export: every problem with its JSON pointer',
        schema: 'ImportProblems',
      },
      ...unauthorised,
      '409': { description: 'Your partnership already has a review with that reference', schema: 'Error' },
    },
  },
];

export const ACCESS_TEXT: Record<Access, string> = {
  none: 'None: anyone may call it',
  optional: 'None needed; with a bearer token, your partnership’s own frameworks are included',
  read: 'Bearer token (read scope)',
  write: 'Bearer token with the write scope',
};

type JsonSchema = Record<string, unknown>;

/** Every named schema as JSON Schema, referring to each other as #/components/schemas/Name. */
export function componentSchemas(): Record<string, JsonSchema> {
  const uri = (id: string) => `#/components/schemas/${id}`;
  const responses = z.toJSONSchema(apiSchemas, { uri }).schemas;
  const requests = z.toJSONSchema(requestSchemas, { uri, io: 'input', unrepresentable: 'any' }).schemas;
  return Object.fromEntries(
    Object.entries({ ...responses, ...requests }).map(([name, schema]) => {
      const { $schema: _dialect, $id: _id, ...rest } = schema as JsonSchema;
      return [name, rest];
    }),
  );
}

function parameterSchema(schema: z.ZodType): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema) as JsonSchema;
  return rest;
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

/** The OpenAPI 3.1 document. */
export function buildOpenApiDocument(serverUrl: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of operations) {
    paths[op.path] ??= {};
    paths[op.path]![op.method] = {
      operationId: op.operationId,
      summary: op.summary,
      ...(op.description ? { description: op.description } : {}),
      tags: [op.tag],
      security: op.access === 'none' ? [] : op.access === 'optional' ? [{}, { bearerAuth: [] }] : [{ bearerAuth: [] }],
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
      ...(op.requestBody
        ? {
            requestBody: {
              required: true,
              description: op.requestBody.description,
              content: { 'application/json': { schema: ref(op.requestBody.schema) } },
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
      schemas: componentSchemas(),
    },
  };
}

export type OpenApiDocument = ReturnType<typeof buildOpenApiDocument>;

/** One row of a schema's field table on the docs page. */
export interface FieldRow {
  name: string;
  type: string;
  /** The component the type refers to, for a link. */
  ref?: string;
  required: boolean;
  description: string;
  /** Limits a value must keep to, in words: "1 to 40 characters", "default: systems". */
  rules: string[];
}

const SAFE = Number.MAX_SAFE_INTEGER;
const FORMATS: Record<string, string> = {
  date: 'a date like 2026-11-25',
  'date-time': 'a time like 2026-11-25T14:05:00Z',
};

function rulesOf(schema: JsonSchema): string[] {
  const rules: string[] = [];
  const n = (k: string) => (typeof schema[k] === 'number' ? (schema[k] as number) : undefined);
  const [minL, maxL, min, max] = [n('minLength'), n('maxLength'), n('minimum'), n('maximum')];
  if (minL !== undefined && maxL !== undefined) rules.push(`${minL} to ${maxL} characters`);
  else if (maxL !== undefined) rules.push(`at most ${maxL} characters`);
  else if (minL) rules.push(minL === 1 ? 'must not be empty' : `at least ${minL} characters`);
  if (min !== undefined && min > -SAFE) rules.push(`at least ${min}`);
  if (max !== undefined && max < SAFE) rules.push(`at most ${max}`);
  if (typeof schema.format === 'string') rules.push(FORMATS[schema.format] ?? `format: ${schema.format}`);
  else if (typeof schema.pattern === 'string') rules.push(`pattern: ${schema.pattern}`);
  if (schema.default !== undefined) rules.push(`default: ${JSON.stringify(schema.default)}`);
  return rules;
}

/** A nullable field is anyOf [something, null] in JSON Schema 2020-12. */
function unwrapNullable(schema: JsonSchema): { schema: JsonSchema; nullable: boolean } {
  const anyOf = Array.isArray(schema.anyOf) ? (schema.anyOf as JsonSchema[]) : undefined;
  if (anyOf?.length === 2 && anyOf.some((s) => s.type === 'null')) {
    const inner = anyOf.find((s) => s.type !== 'null')!;
    return { schema: { ...inner, description: schema.description ?? inner.description }, nullable: true };
  }
  return { schema, nullable: false };
}

function refName(schema: JsonSchema): string | undefined {
  const r = schema.$ref;
  return typeof r === 'string' ? r.split('/').pop() : undefined;
}

function typeText(original: JsonSchema): { type: string; ref?: string } {
  const { schema, nullable } = unwrapNullable(original);
  if (nullable) {
    const inner = typeText(schema);
    return { type: `${inner.type} or null`, ref: inner.ref };
  }
  const named = refName(schema);
  if (named) return { type: named, ref: named };
  if (Array.isArray(schema.enum)) return { type: `one of ${schema.enum.map((v) => `"${String(v)}"`).join(', ')}` };
  if (schema.type === 'array') {
    const items = typeText((schema.items ?? {}) as JsonSchema);
    return { type: `list of ${items.type}`, ref: items.ref };
  }
  if (Array.isArray(schema.type)) return { type: schema.type.join(' or ') };
  if (typeof schema.type === 'string') return { type: schema.type === 'integer' ? 'whole number' : schema.type };
  return { type: 'any' };
}

/** A schema's fields as rows; nested objects and lists of objects flattened as a.b and a[].b. */
export function schemaFields(schema: JsonSchema, prefix = ''): FieldRow[] {
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set(Array.isArray(schema.required) ? (schema.required as string[]) : []);
  return Object.entries(properties).flatMap(([key, original]) => {
    const name = `${prefix}${key}`;
    const { type, ref } = typeText(original);
    const prop = unwrapNullable(original).schema;
    const row: FieldRow = {
      name,
      type,
      ref,
      required: required.has(key),
      description: typeof prop.description === 'string' ? prop.description : '',
      rules: rulesOf(prop),
    };
    const items = prop.type === 'array' ? ((prop.items ?? {}) as JsonSchema) : undefined;
    if (prop.type === 'object' && prop.properties) return [row, ...schemaFields(prop, `${name}.`)];
    if (items?.type === 'object' && items.properties) return [row, ...schemaFields(items, `${name}[].`)];
    return [row];
  });
}

/** Everything the /api/docs page shows, from the same document the API serves. */
export function docsView(doc: OpenApiDocument) {
  const components = doc.components.schemas;
  return {
    info: doc.info,
    serverUrl: doc.servers[0]?.url,
    securityDescription: doc.components.securitySchemes.bearerAuth.description,
    operations: operations.map((op) => ({
      id: op.operationId,
      method: op.method.toUpperCase(),
      path: op.path,
      summary: op.summary,
      description: op.description,
      tag: op.tag,
      access: ACCESS_TEXT[op.access],
      parameters: (op.parameters ?? []).map((p) => ({
        name: p.name,
        in: p.in,
        required: p.required,
        description: p.description,
        type: typeText(parameterSchema(p.schema)).type,
      })),
      requestBody: op.requestBody,
      responses: Object.entries(op.responses).map(([status, r]) => ({ status, ...r })),
    })),
    schemas: Object.entries(components).map(([name, schema]) => ({
      name,
      description: typeof schema.description === 'string' ? schema.description : '',
      fields: schemaFields(schema),
    })),
  };
}
