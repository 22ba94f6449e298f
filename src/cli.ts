import { ConfigError, loadConfig } from './config/config.js';
import { createDb } from './db/create-db.js';
import { migrateToLatest } from './db/migrate.js';

const USAGE = `Usage: quality-markers <command>

Commands:
  serve      Start the web application (runs migrations first)
  migrate    Bring the database schema up to date
  help       Show this help

Configuration comes from environment variables: see README.md.`;

type Command = (args: string[]) => Promise<number>;

const commands: Record<string, Command> = {
  async serve() {
    await import('./server.js');
    return -1; // keeps running
  },
  async migrate() {
    const config = loadConfig();
    const db = createDb(config.database);
    try {
      const results = await migrateToLatest(db);
      const applied = results.filter((r) => r.status === 'Success');
      console.log(
        applied.length ? applied.map((r) => `applied ${r.migrationName}`).join('\n') : 'The database is up to date',
      );
      return 0;
    } finally {
      await db.destroy();
    }
  },
  async help() {
    console.log(USAGE);
    return 0;
  },
};

export async function main(argv: string[]): Promise<number> {
  const [name = 'help', ...rest] = argv;
  const command = commands[name];
  if (!command) {
    console.error(`Unknown command '${name}'.\n\n${USAGE}`);
    return 2;
  }
  try {
    return await command(rest);
  } catch (err) {
    console.error(err instanceof ConfigError || err instanceof Error ? err.message : String(err));
    return 1;
  }
}
