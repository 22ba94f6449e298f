import type { Access } from '../../plugins/api-docs.js';
import { parameterSchema, type ApiOperation, type OpenApiDocument } from './openapi.js';

/** The /api/docs page: the OpenAPI document in words, with a table of fields for every schema. */

type JsonSchema = Record<string, unknown>;

export const ACCESS_TEXT: Record<Access, string> = {
  none: 'None: anyone may call it',
  optional: 'None needed; with a bearer token, your partnership’s own frameworks are included',
  read: 'Bearer token (read scope)',
  write: 'Bearer token with the write scope',
};

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
  const n = (k: string) => (typeof schema[k] === 'number' ? schema[k] : undefined);
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

/** Everything the /api/docs page shows, from the same operations and document the API serves. */
export function docsView(doc: OpenApiDocument, operations: readonly ApiOperation[]) {
  const components = doc.components.schemas;
  const name = (schema: unknown) => refName((schema as { $ref?: string }) ?? {}) ?? '';
  return {
    info: doc.info,
    serverUrl: doc.servers[0]?.url,
    securityDescription: doc.components.securitySchemes.bearerAuth.description,
    operations: operations.map((op) => {
      const item = doc.paths[op.path]![op.method]!;
      return {
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
        requestBody: item.requestBody && {
          description: item.requestBody.description,
          schema: name(item.requestBody.content['application/json'].schema),
        },
        responses: Object.entries(item.responses).map(([status, r]) => ({
          status,
          description: r.description,
          schema: name(Object.values(r.content)[0]?.schema),
        })),
      };
    }),
    schemas: Object.entries(components).map(([name, schema]) => ({
      name,
      description: typeof schema.description === 'string' ? schema.description : '',
      fields: schemaFields(schema),
    })),
  };
}
