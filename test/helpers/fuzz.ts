/**
 * How many runs a property gets in this test project. Properties about parsing and validation find their
 * bugs in the code above the database, which is the same on both: they take their full budget on SQLite
 * and a fifth of it (at least 10) on PostgreSQL, which is there for the SQL. A property about the
 * database itself (concurrency, locking) keeps its full budget on both: don't use this for it.
 * FUZZ_SCALE multiplies every budget (for example 10 for a nightly run).
 */
export function fuzzRuns(sqliteRuns: number): number {
  const scale = Number(process.env.FUZZ_SCALE ?? 1) || 1;
  const runs = process.env.TEST_DB === 'postgres' ? Math.max(10, Math.round(sqliteRuns / 5)) : sqliteRuns;
  return Math.max(1, Math.round(runs * scale));
}
