import type { ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';

/**
 * Every child process and temporary directory the benchmark creates is registered here, so that
 * they are cleaned up however the run ends: normally, on an error, or on SIGINT/SIGTERM.
 */

const children = new Set<ChildProcess>();
const tempDirs = new Set<string>();
const stopHooks = new Set<() => void>();
let installed = false;
let interrupted = false;

/** Whether SIGINT/SIGTERM arrived (the run in progress was cut short on purpose). */
export function wasInterrupted(): boolean {
  return interrupted;
}

export function trackChild(child: ChildProcess): ChildProcess {
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

export function trackTempDir(dir: string): string {
  tempDirs.add(dir);
  return dir;
}

/** Something to stop early on a signal (e.g. the autocannon run in progress). Returns its remover. */
export function onInterrupt(stop: () => void): () => void {
  stopHooks.add(stop);
  return () => stopHooks.delete(stop);
}

export function isRunning(child: ChildProcess): boolean {
  return child.exitCode === null && child.signalCode === null;
}

/** SIGTERM, then SIGKILL if the child has not exited within `graceMs`. */
export async function stopChild(child: ChildProcess, graceMs = 10_000): Promise<void> {
  if (!isRunning(child)) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => {
    if (isRunning(child)) child.kill('SIGKILL');
  }, graceMs);
  await exited;
  clearTimeout(timer);
}

function removeTempDirs(): void {
  for (const dir of tempDirs) {
    try {
      rmSync(dir, { recursive: true, force: true });
    } catch {
      // best effort
    }
    tempDirs.delete(dir);
  }
}

/** Synchronous last resort (works inside process.on('exit')). */
function killAllNow(): void {
  for (const child of children) {
    if (isRunning(child)) child.kill('SIGKILL');
  }
  removeTempDirs();
}

export async function stopAll(): Promise<void> {
  await Promise.all([...children].map((child) => stopChild(child)));
  removeTempDirs();
}

/** Installs the exit, signal and crash handlers once. */
export function installCleanup(): void {
  if (installed) return;
  installed = true;
  process.on('exit', killAllNow);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      interrupted = true;
      console.error(`\nbench: ${signal} received, stopping the servers…`);
      for (const stop of stopHooks) stop();
      const force = setTimeout(() => process.exit(130), 5_000);
      force.unref();
      void stopAll().finally(() => process.exit(130));
    });
  }
  process.on('uncaughtException', (err) => {
    console.error('bench: uncaught exception:', err);
    killAllNow();
    process.exit(1);
  });
  process.on('unhandledRejection', (err) => {
    console.error('bench: unhandled rejection:', err);
    killAllNow();
    process.exit(1);
  });
}
