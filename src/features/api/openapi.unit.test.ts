import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { errorSchema, named } from '../../plugins/api-docs.js';
import { buildOpenApiDocument, type ApiOperation } from './openapi.js';

const thing = named('UnitThing', z.strictObject({ size: z.number().default(1) }).describe('A thing'));
const things = named('UnitThings', z.strictObject({ things: z.array(thing) }).describe('Things'));

const op = (rest: Partial<ApiOperation>): ApiOperation => ({
  method: 'get',
  path: '/api/v1/things',
  operationId: 'listThings',
  summary: 'List things',
  tag: 'Reviews',
  access: 'read',
  responses: { 200: { description: 'The things', schema: things } },
  ...rest,
});

describe('buildOpenApiDocument', () => {
  it('names the schemas the operations use, and those they use, as sent and as accepted', () => {
    const doc = buildOpenApiDocument('http://localhost', [
      op({}),
      op({ method: 'post', operationId: 'addThing', body: { description: 'A thing', schema: thing } }),
    ]);
    // The error shape always comes first.
    expect(Object.keys(doc.components.schemas)).toEqual(['Error', 'UnitThings', 'UnitThing']);
    expect(doc.components.schemas.UnitThings).toMatchObject({
      properties: { things: { type: 'array', items: { $ref: '#/components/schemas/UnitThing' } } },
    });
    // Sent in a response, so shown as the API sends it: the default is always there.
    expect(doc.components.schemas.UnitThing).toMatchObject({ required: ['size'] });
    expect(doc.paths['/api/v1/things']!.post!.requestBody).toMatchObject({
      content: { 'application/json': { schema: { $ref: '#/components/schemas/UnitThing' } } },
    });
  });

  it('shows a schema only ever sent to the API as the API accepts it', () => {
    const added = { 204: { description: 'Added', schema: errorSchema } };
    const doc = buildOpenApiDocument('http://localhost', [
      op({ method: 'post', body: { description: 'A thing', schema: thing }, responses: added }),
    ]);
    expect(Object.keys(doc.components.schemas)).toEqual(['Error', 'UnitThing']);
    expect(doc.components.schemas.UnitThing).not.toHaveProperty('required');
  });

  it('refuses a response or body schema with no name', () => {
    const unnamed = z.strictObject({ size: z.number() });
    expect(() =>
      buildOpenApiDocument('http://localhost', [op({ responses: { 200: { description: 'x', schema: unnamed } } })]),
    ).toThrow('GET /api/v1/things: name the schema with named()');
    expect(() =>
      buildOpenApiDocument('http://localhost', [op({ body: { description: 'x', schema: unnamed } })]),
    ).toThrow('GET /api/v1/things: name the schema with named()');
  });

  it('refuses two schemas of one name', () => {
    expect(() => named('UnitThing', z.string())).toThrow('Two API schemas are named UnitThing');
  });
});
