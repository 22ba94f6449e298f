import fc from 'fast-check';
import type { MatrixEntry } from '../authorization-matrix/index.js';

/**
 * What the route fuzzer (route-fuzz.ts) sends: for an API route, its JSON body with fields changed, dropped
 * or added, or no JSON at all; for a form, the form as its page shows it with fields changed, missing or
 * repeated, sent as a form, as multipart with an odd file, or as raw text.
 */

export type FormValue = string | string[];

export interface Target {
  entry: MatrixEntry;
  url: string;
  api: boolean;
  /** A body the route takes (the form as its page shows it, or the matrix's JSON), fields to vary. */
  base: Record<string, unknown>;
  /** Values the page offers for each field (radios, checkboxes, options), to mix with odd ones. */
  options: Record<string, string[]>;
}

export type Sent =
  | { kind: 'form'; fields: [string, string][] }
  | {
      kind: 'multipart';
      fields: [string, string][];
      file?: { field: string; name: string; type: string; data: Buffer };
    }
  | { kind: 'json'; json: unknown }
  | { kind: 'raw'; raw: string; contentType?: string };

/** A short account of a body, for a failure message. */
export function describeSent(body: Sent): string {
  const text =
    body.kind === 'json'
      ? JSON.stringify(body.json)
      : body.kind === 'raw'
        ? JSON.stringify(body.raw)
        : JSON.stringify(body.fields.map(([k, v]) => [k, v.length > 80 ? `${v.slice(0, 80)}…(${v.length})` : v]));
  return `${body.kind} ${text.length > 600 ? `${text.slice(0, 600)}…` : text}`;
}

/** Text a person, a script or an attacker might send where a value is expected. */
const oddText = fc.oneof(
  { weight: 4, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 3, arbitrary: fc.string({ unit: 'grapheme', maxLength: 30 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 20 }) },
  {
    weight: 4,
    arbitrary: fc.constantFrom(
      '',
      ' ',
      '\u0000',
      'a\u0000b',
      '\uFEFF',
      '\u202E',
      '\uD800',
      '2147483647',
      '2147483648',
      '-2147483649',
      '9007199254740993',
      '1e309',
      '-1',
      '0',
      '1.5',
      'NaN',
      'Infinity',
      '0x10',
      'true',
      'null',
      '[]',
      '{}',
      '2026-02-30',
      '31/12/2026',
      '../../etc/passwd',
      '<script>alert(1)</script>',
      "' or 1=1 --",
      '__proto__',
      'constructor',
    ),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(5001, 20_001, 100_000).map((n) => 'x'.repeat(n)),
  },
);

const oddJson: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: oddText },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      null,
      true,
      false,
      0,
      -1,
      1.5,
      2 ** 31 - 1,
      2 ** 31,
      2 ** 53,
      -(2 ** 31) - 1,
      1e308,
      [],
      {},
      [''],
      { a: 1 },
    ),
  },
  { weight: 1, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.double() },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
  { weight: 1, arbitrary: fc.array(oddText, { maxLength: 3 }) },
);

const fieldName = fc.oneof(
  fc.string({ minLength: 1, maxLength: 12 }).filter((k) => k !== '_csrf'),
  fc.constantFrom('__proto__', 'constructor', 'version', 'id', 'organisationId', 'organisation_id', 'q', 'status'),
);

export function bodyFor(target: Target): fc.Arbitrary<Sent> {
  return target.api ? jsonBody(target.base) : formBody(target);
}

function jsonBody(base: Record<string, unknown>): fc.Arbitrary<Sent> {
  const keys = Object.keys(base);
  const changed = fc
    .array(
      fc.tuple(
        keys.length ? fc.oneof(fc.constantFrom(...keys), fieldName) : fieldName,
        fc.option(oddJson, { nil: undefined }),
      ),
      { minLength: 1, maxLength: 4 },
    )
    .map((changes) => {
      const json: Record<string, unknown> = structuredClone(base);
      for (const [k, v] of changes) {
        if (v === undefined) delete json[k];
        else Object.defineProperty(json, k, { value: v, enumerable: true, configurable: true, writable: true });
      }
      return { kind: 'json', json } satisfies Sent;
    });
  return fc.oneof(
    { weight: 8, arbitrary: changed },
    { weight: 1, arbitrary: oddJson.map((json) => ({ kind: 'json', json }) satisfies Sent) },
    {
      weight: 1,
      arbitrary: fc.oneof(
        fc.string({ maxLength: 60 }).map((raw) => ({ kind: 'raw', raw }) satisfies Sent),
        fc.double({ min: 0, max: 1, noNaN: true }).map((f) => {
          const text = JSON.stringify(base);
          return { kind: 'raw', raw: text.slice(0, Math.floor(text.length * f)) } satisfies Sent;
        }),
        fc
          .constantFrom('text/plain', 'application/x-www-form-urlencoded', 'application/xml')
          .map((contentType) => ({ kind: 'raw', raw: 'a=1&version=2', contentType }) satisfies Sent),
      ),
    },
  );
}

function formBody(target: Target): fc.Arbitrary<Sent> {
  const base = Object.entries(target.base).map(([k, v]) => [k, v] as [string, FormValue]);
  const names = [...new Set([...base.map(([k]) => k), ...Object.keys(target.options)])];
  const valueFor = (name: string) => {
    const offered = Object.hasOwn(target.options, name) ? target.options[name]!.filter((v) => v !== '') : [];
    return offered.length ? fc.oneof(fc.constantFrom(...offered), oddText) : oddText;
  };
  const name = names.length ? fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...names) }, fieldName) : fieldName;
  const change = name.chain((k) =>
    fc.tuple(
      fc.constant(k),
      fc.oneof(
        { weight: 6, arbitrary: valueFor(k).map((v) => [v]) },
        { weight: 1, arbitrary: fc.constant([] as string[]) }, // missing
        { weight: 2, arbitrary: fc.array(valueFor(k), { minLength: 2, maxLength: 3 }) }, // repeated key
      ),
    ),
  );
  const fields = fc.array(change, { minLength: 1, maxLength: 5 }).map((changes) => {
    const out = new Map<string, string[]>(base.map(([k, v]) => [k, [v].flat()]));
    for (const [k, v] of changes) out.set(k, v);
    return [...out].flatMap(([k, vs]) => vs.map((v) => [k, v] as [string, string]));
  });
  const upload = target.entry.path.match(/(file|import|logo)$/);
  return fc.oneof(
    { weight: upload ? 3 : 8, arbitrary: fields.map((f) => ({ kind: 'form', fields: f }) satisfies Sent) },
    {
      weight: upload ? 6 : 1,
      arbitrary: fc
        .tuple(
          fields,
          fc.option(
            fc.record({
              field: fc.constantFrom('file', 'logo', 'upload', 'x'),
              name: fc.oneof(
                fc.string({ maxLength: 20 }),
                fc.constantFrom('a.pdf', 'a.csv', 'a.yaml', 'a.png', 'a.svg'),
              ),
              type: fc.constantFrom('application/pdf', 'text/csv', 'application/octet-stream', 'image/svg+xml'),
              data: fc
                .oneof(
                  fc.uint8Array({ maxLength: 64 }),
                  fc.constantFrom(
                    new TextEncoder().encode('%PDF-1.4\n%%EOF\n'),
                    new TextEncoder().encode('title,owner\nA,B\n'),
                    new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"/>'),
                    new TextEncoder().encode('key: x\nversion: 1.0.0\n'),
                  ),
                )
                .map((a) => Buffer.from(a)),
            }),
            { nil: undefined },
          ),
        )
        .map(([f, file]) => ({ kind: 'multipart', fields: f, file }) satisfies Sent),
    },
    { weight: 1, arbitrary: fc.string({ maxLength: 80 }).map((raw) => ({ kind: 'raw', raw }) satisfies Sent) },
  );
}
