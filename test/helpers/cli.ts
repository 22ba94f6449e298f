import { main } from '../../src/cli.js';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** What execFile rejects with when a process exits non-zero: the same fields, so assertions read the same. */
export class CliFailure extends Error implements CliResult {
  constructor(
    readonly code: number,
    readonly stdout: string,
    readonly stderr: string,
  ) {
    super(`quality-markers exited ${code}: ${stderr.trim()}`);
  }
}

/**
 * Runs the `quality-markers` command in this process, as bin/quality-markers.js does (`main(argv)`), with
 * `env` added to the environment for the call only, capturing what it writes. Resolves with the output on
 * exit code 0 and rejects with a CliFailure otherwise, like a promisified execFile, without the ~1 s a
 * new Node process with tsx costs. Calls must not overlap (they share process.env and the console).
 */
export async function runCli(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  const out: string[] = [];
  const err: string[] = [];
  const { log, error } = console;
  const stdoutWrite = process.stdout.write;
  const stderrWrite = process.stderr.write;
  const collect = (to: string[]) => (chunk: unknown) => {
    to.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8'));
    return true;
  };
  Object.assign(process.env, env);
  console.log = (...parts: unknown[]) => void out.push(`${parts.map(String).join(' ')}\n`);
  console.error = (...parts: unknown[]) => void err.push(`${parts.map(String).join(' ')}\n`);
  process.stdout.write = collect(out);
  process.stderr.write = collect(err);
  let code: number;
  try {
    code = await main(args);
  } finally {
    Object.assign(console, { log, error });
    process.stdout.write = stdoutWrite;
    process.stderr.write = stderrWrite;
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
  const result = { code, stdout: out.join(''), stderr: err.join('') };
  if (code !== 0) throw new CliFailure(result.code, result.stdout, result.stderr);
  return result;
}
