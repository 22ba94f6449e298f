import type { CompiledQuery, Compilable, Kysely } from 'kysely';
import type { Database } from './schema.js';

type Slot = { arg: number } | { value: unknown };

const SENTINEL = '\u0000qm-arg-';
const sentinel = (i: number) => `${SENTINEL}${i}\u0000`;

/**
 * A query built and compiled by Kysely once per dialect, then run with new values. Building and
 * compiling costs 10–30 µs a query, as much as running one of ours on SQLite, and the hot paths (who is
 * signed in, the review, the round, a save) run the same few shapes on every request.
 *
 * `build` gets stand-ins for its arguments and must use each only as a value (a `where` operand, a
 * column's new value): never to choose a table, a column or the shape of the query. A stand-in that
 * ends up in the SQL text rather than as a parameter is refused when the query is first compiled.
 */
export function prepared<Args extends unknown[], Row>(
  build: (db: Kysely<Database>, ...args: Args) => Compilable<Row>,
): (db: Kysely<Database>, ...args: Args) => Promise<Row[]> {
  const byDialect = new Map<unknown, { template: CompiledQuery<Row>; slots: Slot[] }>();
  return async (db, ...args) => {
    const adapter = db.getExecutor().adapter.constructor;
    let compiled = byDialect.get(adapter);
    if (!compiled) {
      const stand = args.map((_, i) => sentinel(i)) as Args;
      const template = build(db, ...stand).compile();
      if (template.sql.includes(SENTINEL))
        throw new Error(`prepared query uses an argument in its SQL: ${template.sql}`);
      const slots = template.parameters.map((p): Slot => {
        if (typeof p === 'string' && p.startsWith(SENTINEL)) return { arg: Number(p.slice(SENTINEL.length, -1)) };
        return { value: p };
      });
      compiled = { template, slots };
      byDialect.set(adapter, compiled);
    }
    const parameters = compiled.slots.map((s) => ('arg' in s ? args[s.arg] : s.value));
    const result = await db.executeQuery<Row>({ ...compiled.template, parameters });
    return result.rows;
  };
}

/** The first row of a prepared query, or undefined. */
export function preparedFirst<Args extends unknown[], Row>(
  build: (db: Kysely<Database>, ...args: Args) => Compilable<Row>,
): (db: Kysely<Database>, ...args: Args) => Promise<Row | undefined> {
  const run = prepared(build);
  return async (db, ...args) => (await run(db, ...args))[0];
}

/**
 * Prepared queries whose shape varies (a table and its columns, a number of rows): one made per shape on
 * first use and kept. Shapes come from code, never from input, so there are few of them.
 */
export function perShape<Shape, Run>(keyOf: (shape: Shape) => string | number, make: (shape: Shape) => Run) {
  const made = new Map<string | number, Run>();
  return (shape: Shape): Run => {
    const key = keyOf(shape);
    let run = made.get(key);
    if (run === undefined) {
      run = make(shape);
      made.set(key, run);
    }
    return run;
  };
}
