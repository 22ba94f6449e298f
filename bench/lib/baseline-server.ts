import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { readMemory, type MemoryReading } from './app-server.js';
import { stopChild, trackChild } from './processes.js';

export interface BaselineServer {
  url: string;
  pid: number;
  memory(): MemoryReading;
  stop(): Promise<void>;
}

const childScript = fileURLToPath(new URL('./baseline-child.ts', import.meta.url));

/** Forks baseline-child.ts (through tsx) and hands it the bytes to serve. */
export async function startBaselineServer(
  body: Buffer,
  contentType: string,
  timeoutMs = 15_000,
): Promise<BaselineServer> {
  const child = trackChild(
    fork(childScript, [], {
      execArgv: ['--import', 'tsx'],
      env: { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: 'production' },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    }),
  );
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`baseline did not start within ${timeoutMs} ms`)), timeoutMs);
    child.once('message', (message: { port: number }) => {
      clearTimeout(timer);
      resolve(message.port);
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`baseline exited early (code ${code}, signal ${signal})`));
    });
    child.send({ body: body.toString('base64'), contentType });
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error('baseline child has no pid');
  return {
    url: `http://127.0.0.1:${port}`,
    pid,
    memory: () => readMemory(pid),
    stop: () => stopChild(child),
  };
}
