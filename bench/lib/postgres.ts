import { execFileSync, spawn } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, sleep } from './http.js';
import { isRunning, trackChild, trackTempDir } from './processes.js';

/**
 * The PostgreSQL the PostgreSQL scenarios run against: BENCH_DATABASE_URL when set, otherwise a throwaway
 * cluster of the PostgreSQL 15+ server binaries on this machine (initdb + postgres in a temporary folder,
 * on a free port, with fsync on as in production), stopped with the other servers. As root, the cluster
 * runs as user `postgres`, since PostgreSQL refuses to run as root.
 */
export interface BenchPostgres {
  url: string;
  /** What it is, for the report. */
  description: string;
  pid?: number;
}

export async function startBenchPostgres(env: NodeJS.ProcessEnv = process.env): Promise<BenchPostgres | string> {
  if (env.BENCH_DATABASE_URL) return { url: env.BENCH_DATABASE_URL, description: 'BENCH_DATABASE_URL' };
  const bin = findServerBinaries();
  if (!bin) return 'no PostgreSQL server binaries found (install postgresql-15, or set BENCH_DATABASE_URL)';

  const asRoot = process.getuid?.() === 0;
  const ids = asRoot ? postgresUser() : undefined;
  if (asRoot && !ids) return 'running as root and there is no `postgres` user to run PostgreSQL as';
  const dir = trackTempDir(mkdtempSync(join(tmpdir(), 'qm-bench-pg-')));
  if (ids) chownSync(dir, ids.uid, ids.gid);
  const data = join(dir, 'data');
  execFileSync(join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8'], {
    stdio: 'ignore',
    ...(ids ?? {}),
  });
  const port = await freePort();
  const args = ['-D', data, '-p', String(port), '-k', dir, '-c', 'listen_addresses=127.0.0.1'];
  const child = trackChild(spawn(join(bin, 'postgres'), args, { stdio: 'ignore', ...(ids ?? {}) }));
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  await waitForSocket(dir, port, () => isRunning(child));
  return { url, description: `throwaway PostgreSQL cluster (${bin}), fsync on`, pid: child.pid };
}

function findServerBinaries(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root)
    .filter((v) => Number(v) >= 15 && existsSync(join(root, v, 'bin', 'postgres')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? join(root, versions[0], 'bin') : undefined;
}

function postgresUser(): { uid: number; gid: number } | undefined {
  try {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    return Number.isInteger(uid) && Number.isInteger(gid) ? { uid, gid } : undefined;
  } catch {
    return undefined;
  }
}

async function waitForSocket(dir: string, port: number, running: () => boolean): Promise<void> {
  const socket = join(dir, `.s.PGSQL.${port}`);
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (!running()) throw new Error('the throwaway PostgreSQL exited during start-up');
    if (existsSync(socket)) {
      await sleep(200);
      return;
    }
    await sleep(100);
  }
  throw new Error('the throwaway PostgreSQL did not start within 30 s');
}
