import { sql } from 'kysely';
import type { MatrixWorld } from './matrix-world.js';

/**
 * Whether a request changed any of partnership A's rows, cheaply enough to ask after every one of
 * thousands of fuzzed requests. What is compared: every row of a table with `organisation_id` that is A's,
 * A's own organisation row, the accounts of A's people, and the link tables without an organisation
 * (finding_marker, finding_theme, written_response_action, recovery_code), all of which only A fills here.
 * Left out is what merely using the app changes: the fuzzing person's sessions, when a token was last used,
 * and the audit trail (it records refusals and reads as well as changes).
 *
 * SQLite (one connection): `total_changes()` counts every row written; while it stays the same nothing
 * changed, so the snapshot is taken again only after a write (the session's last-seen time, an audit event).
 * The snapshot is one query: every table's rows quoted by SQLite, sorted and joined into one string a table.
 * PostgreSQL (a pool, a shared server): one query hashing every table's rows with md5 on the server.
 */
export interface FuzzState {
  /** Call before sending: a token naming the state as it is now. */
  before(): Promise<string>;
  /** What has changed since `before` returned `token` (the tables, and on SQLite the rows), or ''. */
  changedSince(token: string): Promise<string>;
}

const LINK_TABLES = ['finding_marker', 'finding_theme', 'written_response_action', 'recovery_code'];
const LEFT_OUT: Record<string, string[]> = { api_token: ['last_used_at'], session: ['last_seen_at'] };

interface Table {
  name: string;
  columns: string[];
  /** SQL condition on `x` for A's rows, with `$org` (A's id) and `$me` (the fuzzing person's id). */
  where: string;
}

async function tables(w: MatrixWorld): Promise<Table[]> {
  const all = await w.db.introspection.getTables();
  const out: Table[] = [];
  for (const t of all) {
    if (t.name.startsWith('kysely_')) continue;
    const names = t.columns.map((c) => c.name);
    const columns = names.filter((c) => !(LEFT_OUT[t.name] ?? []).includes(c));
    let where: string | undefined;
    if (t.name === 'organisation') where = `x.id = $org`;
    else if (t.name === 'user_account') where = `x.id in (select user_id from membership where organisation_id = $org)`;
    else if (t.name === 'session') where = `x.organisation_id = $org and x.user_id <> $me`;
    // The audit trail records refusals and reads too (a wrong two-factor code, a list viewed): an event is
    // written with the change it records, in one transaction, so a half-written change shows in its tables.
    else if (t.name === 'audit_event' || t.name === 'audit_head') continue;
    else if (names.includes('organisation_id')) where = `x.organisation_id = $org`;
    else if (LINK_TABLES.includes(t.name)) where = '1 = 1';
    if (where) out.push({ name: t.name, columns, where });
  }
  return out;
}

const quote = (id: string) => `"${id.replace(/"/g, '""')}"`;

export async function fuzzState(w: MatrixWorld, me: string): Promise<FuzzState> {
  const list = await tables(w);
  const fill = (where: string) => where.replaceAll('$org', `'${w.orgA.id}'`).replaceAll('$me', `'${me}'`);

  if (w.t.testDb.kind === 'postgres') {
    const parts = list.map(
      (t) =>
        `select '${t.name}' as t, md5(coalesce(string_agg(row(${t.columns.map((c) => `x.${quote(c)}`).join(', ')})::text, '|' order by row(${t.columns.map((c) => `x.${quote(c)}`).join(', ')})::text), '')) as h from ${quote(t.name)} as x where ${fill(t.where)}`,
    );
    const query = sql.raw<{ t: string; h: string }>(parts.join(' union all '));
    const hash = async () => (await query.execute(w.db)).rows.map((r) => `${r.t}:${r.h}`).join('\n');
    return {
      before: hash,
      changedSince: async (token) => difference(token, await hash()),
    };
  }

  // One query for every table: each row as SQLite quotes its values (blobs as hex), sorted, joined.
  const snapshotQuery = sql.raw<{ t: string; rows: string | null }>(
    list
      .map(
        (t) =>
          `select '${t.name}' as t, (select group_concat(r, '|') from (select ${t.columns.map((c) => `quote(x.${quote(c)})`).join(` || ',' || `)} as r from ${quote(t.name)} as x where ${fill(t.where)} order by r)) as rows`,
      )
      .join(' union all '),
  );
  const totalChanges = sql.raw<{ n: number }>('select total_changes() as n');
  const changes = async () => (await totalChanges.execute(w.db)).rows[0]!.n;
  const snapshot = async () => (await snapshotQuery.execute(w.db)).rows.map((r) => `${r.t}:${r.rows ?? ''}`).join('\n');
  let cached = { n: -1, snapshot: '' };
  const current = async () => {
    const n = await changes();
    if (n !== cached.n) cached = { n, snapshot: await snapshot() };
    return cached;
  };
  return {
    before: async () => (await current()).snapshot,
    changedSince: async (token) => difference(token, (await current()).snapshot),
  };
}

/** The lines (one a table) of `after` that are not in `before`, cut short. */
function difference(before: string, after: string): string {
  if (before === after) return '';
  const old = new Set(before.split('\n'));
  const changed = after.split('\n').filter((line) => !old.has(line));
  const described = changed
    .map((line) => {
      const [table, ...rows] = line.split(/:(.*)/s);
      const was = before.split('\n').find((l) => l.startsWith(`${table}:`)) ?? '';
      const oldRows = new Set(was.slice(table!.length + 1).split('|'));
      const added = (rows[0] ?? '').split('|').filter((r) => !oldRows.has(r));
      return `${table}: ${added.join(' | ').slice(0, 400)}`;
    })
    .join('; ');
  // A value with a line break in it can hide which table changed; never report a change as none.
  return described || `rows changed: ${after.slice(0, 400)}`;
}
