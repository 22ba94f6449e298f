import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, rawGet, sleep } from './http.js';
import { isRunning, stopChild, trackChild, trackTempDir } from './processes.js';

export interface AppServerOptions {
  projectRoot: string;
  /** PostgreSQL instead of the default SQLite file in a temporary DATA_DIR (for later scenarios). */
  databaseUrl?: string;
  /** Extra node flags, e.g. ['--cpu-prof', '--cpu-prof-dir', dir]. */
  nodeArgs?: string[];
  startTimeoutMs?: number;
}

export interface MemoryReading {
  /** VmRSS: resident set size now. */
  rssMb: number;
  /** VmHWM: the kernel's high-water mark of the resident set since the process started. */
  peakRssMb: number;
}

export interface AppLogEntry {
  level: number;
  msg: string;
  count: number;
}

export interface AppServer {
  url: string;
  pid: number;
  dataDir: string;
  /** The first lines the app printed, raw: shown only when it fails to start. */
  output: string[];
  /** Its JSON log lines at warn (40) or above, counted by level and message (never raw: no tokens leak). */
  warnings(): AppLogEntry[];
  memory(): MemoryReading;
  stop(): Promise<void>;
}

/**
 * The node flags `npm start` runs the server with (package.json), so that the bench measures the app as
 * production starts it: e.g. --max-semi-space-size, which bounds the young generation's memory.
 */
export function productionNodeFlags(projectRoot: string): string[] {
  const pkg = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as { scripts?: { start?: string } };
  const match = /^node\s+(.*?)\s*dist\/src\/server\.js$/.exec(pkg.scripts?.start ?? '');
  return match?.[1] ? match[1].split(/\s+/).filter(Boolean) : [];
}

const SESSION_SECRET = 'benchmark-only-session-secret-0123456789abcdef';
const MAX_OUTPUT_LINES = 200;

/** `node dist/src/server.js` in production mode, as a child process; resolves once /health answers 200. */
export async function startAppServer(opts: AppServerOptions): Promise<AppServer> {
  const entry = join(opts.projectRoot, 'dist', 'src', 'server.js');
  if (!existsSync(entry)) throw new Error(`${entry} is missing: run \`npm run build\` first (npm run bench does)`);
  const port = await freePort();
  const dataDir = trackTempDir(mkdtempSync(join(tmpdir(), 'qm-bench-')));
  // A minimal environment, so that nothing from the caller's shell (DATABASE_URL, NODE_OPTIONS…) leaks in.
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: 'production',
    SESSION_SECRET,
    LOG_LEVEL: 'warn',
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    DATABASE_URL: opts.databaseUrl ?? '',
  };
  const child = trackChild(
    spawn(process.execPath, [...productionNodeFlags(opts.projectRoot), ...(opts.nodeArgs ?? []), entry], {
      cwd: opts.projectRoot,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
  );
  const output: string[] = [];
  const warnings = new Map<string, AppLogEntry>();
  const parseLog = (line: string) => {
    if (!line.startsWith('{')) return;
    try {
      const entry = JSON.parse(line) as { level?: unknown; msg?: unknown };
      if (typeof entry.level !== 'number' || entry.level < 40) return;
      const msg = typeof entry.msg === 'string' ? entry.msg : '';
      const key = `${entry.level} ${msg}`;
      const seen = warnings.get(key);
      if (seen) seen.count += 1;
      else warnings.set(key, { level: entry.level, msg, count: 1 });
    } catch {
      // not a log line
    }
  };
  const collect = (stream: NodeJS.ReadableStream | null, label: string) => {
    let pending = '';
    stream?.setEncoding('utf8');
    stream?.on('data', (chunk: string) => {
      const lines = (pending + chunk).split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        if (output.length < MAX_OUTPUT_LINES) output.push(`${label}: ${line}`);
        parseLog(line);
      }
    });
  };
  collect(child.stdout, 'stdout');
  collect(child.stderr, 'stderr');

  const url = `http://127.0.0.1:${port}`;
  await waitForHealth(child, `${url}/health`, opts.startTimeoutMs ?? 30_000, output);
  const pid = child.pid;
  if (pid === undefined) throw new Error('app child has no pid');
  return {
    url,
    pid,
    dataDir,
    output,
    warnings: () => [...warnings.values()],
    memory: () => readMemory(pid),
    stop: () => stopChild(child),
  };
}

async function waitForHealth(child: ChildProcess, url: string, timeoutMs: number, output: string[]): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer yet';
  while (Date.now() < deadline) {
    if (!isRunning(child)) {
      throw new Error(`the app exited (code ${child.exitCode}, signal ${child.signalCode}):\n${output.join('\n')}`);
    }
    try {
      const res = await rawGet(url, {}, 1_000);
      if (res.status === 200) return;
      last = `HTTP ${res.status} ${res.body.toString('utf8').slice(0, 200)}`;
    } catch (err) {
      last = err instanceof Error ? err.message : String(err);
    }
    await sleep(100);
  }
  throw new Error(`the app did not answer 200 on ${url} within ${timeoutMs} ms (last: ${last}):\n${output.join('\n')}`);
}

/** VmRSS and VmHWM of a process, from /proc/<pid>/status (Linux only), in MB (MiB). */
export function readMemory(pid: number): MemoryReading {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
    if (!match?.[1]) throw new Error(`no ${field} in /proc/${pid}/status`);
    return Number(match[1]);
  };
  return { rssMb: kb('VmRSS') / 1024, peakRssMb: kb('VmHWM') / 1024 };
}
