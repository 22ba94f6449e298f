import type { FastifyInstance } from 'fastify';

/**
 * Runs `job` every `everyMs` while the app is up (housekeeping, the daily digest). The first run is one
 * interval after start, so a process that starts and stops at once (a CLI command, a test) runs nothing; a
 * run that outlasts the interval is not doubled up; a failure is logged as "`name` failed" and the next run
 * tries again, since it must not stop the process; the timer is unref'd (it never keeps a process alive)
 * and stopped when the app closes, which waits for a run still going, before the database closes.
 */
export function runPeriodically(app: FastifyInstance, name: string, everyMs: number, job: () => Promise<void>): void {
  let running: Promise<void> | undefined;
  const run = async () => {
    try {
      await job();
    } catch (err) {
      app.log.warn({ err }, `${name} failed`);
    }
  };
  const timer = setInterval(() => {
    running ??= run().finally(() => (running = undefined));
  }, everyMs);
  timer.unref();
  app.addHook('onClose', async () => {
    clearInterval(timer);
    await running;
  });
}
