import { describe, expect, it } from 'vitest';
import { schemaFields, type FieldRow } from './docs-view.js';

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
