import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, exportsWorld, seed, tableCounts, type ExportsWorld } from '../../../test/helpers/exports-world.js';
import type { ReviewExport } from './review-export.schema.js';
import { fuzzRuns } from '../../../test/helpers/fuzz.js';
import type { ApiError, Created } from '../../../test/helpers/api-json.js';

let w: ExportsWorld;
let exported: ReviewExport;
let runs = 0;

beforeAll(async () => {
  w = await exportsWorld();
  const { review } = await seed(w, { reference: 'FUZZ', rounds: 2, answersPerMarker: 1, findings: 2, actions: 3 });
  exported = (await call(w, `/api/v1/reviews/${review.id}/export?format=json&files=include`, w.tokens.a)).json();
});
afterAll(async () => w.t.close());

type Json = unknown;

/** Every place in a JSON value, as a path of keys and indexes. */
function placesIn(value: Json, path: (string | number)[] = [], out: (string | number)[][] = []) {
  out.push(path);
  if (Array.isArray(value)) value.forEach((v, i) => placesIn(v, [...path, i], out));
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) placesIn(v, [...path, k], out);
  return out;
}

/** The document with the value at `path` replaced (or removed, for `undefined`). */
function withValue(doc: Json, path: (string | number)[], value: Json): Json {
  if (!path.length) return value;
  const copy = structuredClone(doc) as Record<string | number, Json>;
  // An earlier change may have replaced the whole document with null or a plain value: leave it as it is.
  if (!copy || typeof copy !== 'object') return copy;
  let at = copy;
  for (const k of path.slice(0, -1)) {
    const next = at[k];
    // An earlier change may have removed or replaced what the path goes through: leave it as it is.
    if (!next || typeof next !== 'object') return copy;
    at = next as Record<string | number, Json>;
  }
  const last = path.at(-1)!;
  if (value === undefined) {
    if (Array.isArray(at)) at.splice(Number(last), 1);
    else delete at[last];
  } else at[last] = value;
  return copy;
}

/** A valid document with its own reference, so a harmless change imports and others cannot clash. */
function fresh(): ReviewExport {
  runs += 1;
  const doc = structuredClone(exported);
  doc.review.reference = `FUZZ ${runs}`;
  return doc;
}

const places = () => placesIn(exported);
const oddValue = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.constantFrom(undefined, null, '', '\u0000', 2 ** 31, -1, 1.5, 'x'.repeat(300), '2026-02-30', [], {}),
);

/** What a client sends: a changed document, a cut-off one, or something that is not a review at all. */
const body = fc.oneof(
  fc.tuple(fc.nat(), oddValue).map(([i, value]) => {
    const all = places();
    return { json: withValue(fresh(), all[i % all.length]!, value) };
  }),
  fc.tuple(fc.nat(), oddValue, fc.nat(), oddValue).map(([i, a, j, b]) => {
    const all = places();
    return { json: withValue(withValue(fresh(), all[i % all.length]!, a), all[j % all.length]!, b) };
  }),
  fc.double({ min: 0, max: 1, noNaN: true }).map((f) => {
    const text = JSON.stringify(fresh());
    return { raw: text.slice(0, Math.floor(text.length * f)) };
  }),
  fc.string({ maxLength: 200 }).map((raw) => ({ raw })),
  fc.jsonValue({ maxDepth: 3 }).map((json) => ({ json })),
);

describe('importing bad JSON', () => {
  it('never answers 500 and never leaves a review half imported', async () => {
    await fc.assert(
      fc.asyncProperty(body, async (sent) => {
        const before = await tableCounts(w);
        const res = await w.t.app.inject({
          method: 'POST',
          url: '/api/v1/reviews/import',
          payload: 'raw' in sent ? sent.raw : JSON.stringify(sent.json === undefined ? null : sent.json),
          headers: { authorization: `Bearer ${w.tokens.b}`, 'content-type': 'application/json' },
        });
        // 409: a changed reference can be one an earlier run of this property already imported.
        expect([201, 400, 409]).toContain(res.statusCode);
        if (res.statusCode === 409)
          expect(res.json<ApiError>().error.message).toMatch(/already has a review with the reference/);
        const after = await tableCounts(w);
        if (res.statusCode !== 201) {
          expect(after).toEqual(before);
          return;
        }
        // Imported: the whole review, readable and exportable.
        expect(after.review).toBe((before.review ?? 0) + 1);
        const again = await call(w, `/api/v1/reviews/${res.json<Created>().id}/export?format=json`, w.tokens.b);
        expect(again.statusCode).toBe(200);
      }),
      { numRuns: fuzzRuns(150) },
    );
  }, 120_000);
});
