import { buildApp } from './app.js';
import { ConfigError, loadConfig } from './config/config.js';
import { firstRunSetupToken } from './features/organisations/setup.service.js';

/** Process entry: config → app → listen, and a graceful shutdown on SIGTERM/SIGINT. */
async function serve(): Promise<void> {
  let config;
  let app;
  try {
    config = loadConfig();
    app = await buildApp(config);
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    const timer = setTimeout(() => process.exit(1), 10_000).unref();
    app.close().then(
      () => {
        clearTimeout(timer);
        process.exit(0);
      },
      (err: unknown) => {
        app.log.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
  await app.listen({ port: config.port, host: config.host });
  const setupToken = await firstRunSetupToken(app.db);
  if (setupToken) {
    console.log(
      `\nNo partnership has an admin yet. To set one up, open this link (it works once, for 24 hours):\n  http://${config.host}:${config.port}/setup/${setupToken}\n`,
    );
  }
  const where = config.database.kind === 'sqlite' ? config.database.file : 'PostgreSQL (DATABASE_URL)';
  console.log(`Quality Markers is running at http://${config.host}:${config.port} (database: ${where})`);
}

serve().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
