import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from './config/config.js';
import { createDb, type Db } from './db/create-db.js';
import { migrateToLatest } from './db/migrate.js';
import type { Role } from './db/schema.js';
import { activeMemberByEmail, createUser } from './features/accounts/accounts.service.js';
import { setPasswordHashCost } from './features/accounts/passwords.js';
import { createToken, ViewerWriteTokenError } from './features/accounts/tokens.service.js';
import { verifyAuditChain } from './features/audit/audit.service.js';
import { DEMO_USAGE, demoCommand } from './features/demo/demo.cli.js';
import { FRAMEWORK_USAGE, frameworkCommand } from './features/frameworks/frameworks.cli.js';
import { createOrganisation, findOrganisationBySlug } from './features/organisations/organisations.service.js';
import type { Actor } from './plugins/auth.js';

const USAGE = `Usage: quality-markers <command> [options]

Commands:
  serve                                  Start the web application (runs migrations first)
  migrate                                Bring the database schema up to date
  organisation create --name NAME [--kind children|adults]
                                         Create a safeguarding partnership; prints its slug last
  user create --organisation SLUG --email EMAIL --name NAME --role admin|member|viewer [--password-stdin]
                                         Add a person to a partnership (password read from standard input)
  token create --organisation SLUG --email EMAIL [--scopes read,write] [--name NAME] [--expires-days N]
                                         Create an API token; prints the token last (it is shown only once)
  audit verify                           Check the audit log's hash chain; names the first broken event
${FRAMEWORK_USAGE}
${DEMO_USAGE}
  help                                   Show this help

Configuration comes from environment variables: see README.md.`;

class UsageError extends Error {}

const CLI_ACTOR: Actor = { userId: null, organisationId: null, ip: null, userAgent: 'quality-markers CLI' };

async function withDb<T>(fn: (db: Db) => Promise<T>): Promise<T> {
  const config = loadConfig();
  setPasswordHashCost(config.passwordHashCost);
  const db = createDb(config.database);
  try {
    await migrateToLatest(db);
    return await fn(db);
  } finally {
    await db.destroy();
  }
}

function required(values: Record<string, unknown>, name: string): string {
  const v = values[name];
  if (typeof v !== 'string' || !v.trim()) throw new UsageError(`--${name} is required`);
  return v.trim();
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

async function orgOrFail(db: Db, slug: string) {
  const org = await findOrganisationBySlug(db, slug);
  if (!org) throw new UsageError(`There is no partnership with the slug '${slug}'`);
  return org;
}

type Command = (args: string[]) => Promise<number>;

const commands: Record<string, Command> = {
  async serve() {
    await import('./server.js');
    return -1; // keeps running
  },
  async migrate() {
    const db = createDb(loadConfig().database);
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
  async organisation([sub, ...args]) {
    if (sub !== 'create') throw new UsageError(`Unknown organisation command '${sub ?? ''}'`);
    const { values } = parseArgs({ args, options: { name: { type: 'string' }, kind: { type: 'string' } } });
    const kind = values.kind ?? 'children';
    if (kind !== 'children' && kind !== 'adults') throw new UsageError('--kind must be children or adults');
    const org = await withDb((db) => createOrganisation(db, { name: required(values, 'name'), kind }, CLI_ACTOR));
    console.log(`Created ${org.name}`);
    console.log(org.slug);
    return 0;
  },
  async user([sub, ...args]) {
    if (sub !== 'create') throw new UsageError(`Unknown user command '${sub ?? ''}'`);
    const { values } = parseArgs({
      args,
      options: {
        organisation: { type: 'string' },
        email: { type: 'string' },
        name: { type: 'string' },
        role: { type: 'string' },
        'password-stdin': { type: 'boolean' },
      },
    });
    const role = required(values, 'role') as Role;
    if (!['admin', 'member', 'viewer'].includes(role)) throw new UsageError('--role must be admin, member or viewer');
    const password = values['password-stdin'] ? await readStdin() : undefined;
    const user = await withDb(async (db) => {
      const org = await orgOrFail(db, required(values, 'organisation'));
      return createUser(
        db,
        { email: required(values, 'email'), name: required(values, 'name'), password, organisationId: org.id, role },
        { ...CLI_ACTOR, organisationId: org.id },
      );
    });
    console.log(`${user.email} is a ${role} of ${values.organisation}`);
    return 0;
  },
  async token([sub, ...args]) {
    if (sub !== 'create') throw new UsageError(`Unknown token command '${sub ?? ''}'`);
    const { values } = parseArgs({
      args,
      options: {
        organisation: { type: 'string' },
        email: { type: 'string' },
        scopes: { type: 'string', default: 'read' },
        name: { type: 'string', default: 'Command-line token' },
        'expires-days': { type: 'string' },
      },
    });
    const scopes = values.scopes.split(',').map((s) => s.trim());
    if (!scopes.length || scopes.some((s) => s !== 'read' && s !== 'write')) {
      throw new UsageError('--scopes must be read, write or read,write');
    }
    const days = values['expires-days'] ? Number(values['expires-days']) : undefined;
    if (days !== undefined && !(Number.isInteger(days) && days > 0))
      throw new UsageError('--expires-days must be a whole number of days');
    const { token } = await withDb(async (db) => {
      const org = await orgOrFail(db, required(values, 'organisation'));
      const user = await activeMemberByEmail(db, required(values, 'email'), org.id);
      if (!user) throw new UsageError(`${values.email} is not an active member of ${org.slug}`);
      return createToken(
        db,
        {
          organisationId: org.id,
          userId: user.id,
          name: values.name,
          scopes: scopes as ('read' | 'write')[],
          expiresAt: days ? new Date(Date.now() + days * 86_400_000) : null,
        },
        { ...CLI_ACTOR, userId: user.id, organisationId: org.id },
      ).catch((err: unknown) => {
        if (!(err instanceof ViewerWriteTokenError)) throw err;
        throw new UsageError(
          `${values.email} is a viewer of ${org.slug}, and viewers can only have read tokens: use --scopes read`,
        );
      });
    });
    console.log('Keep this token safe: it is shown only once.');
    console.log(token);
    return 0;
  },
  async audit([sub]) {
    if (sub !== 'verify') throw new UsageError(`Unknown audit command '${sub ?? ''}'`);
    const result = await withDb((db) => verifyAuditChain(db));
    if (result.ok) {
      console.log(`The audit log is intact: ${result.count} events checked`);
      return 0;
    }
    console.error(
      `The audit log is broken at event ${result.brokenAt}: ${result.reason} (${result.count} events before it are intact)`,
    );
    return 1;
  },
  async framework(args) {
    return frameworkCommand(args, {
      withDb,
      organisationBySlug: orgOrFail,
      actor: CLI_ACTOR,
      usageError: (message) => new UsageError(message),
      out: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
      err: (text) => process.stderr.write(`${text}\n`),
    });
  },
  async demo(args) {
    return demoCommand(args, {
      withDb,
      organisationBySlug: orgOrFail,
      actor: CLI_ACTOR,
      usageError: (message) => new UsageError(message),
      out: (text) => console.log(text),
      err: (text) => console.error(text),
    });
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
    if (
      err instanceof UsageError ||
      (err instanceof TypeError && 'code' in err && String(err.code).startsWith('ERR_PARSE_ARGS'))
    ) {
      console.error(`${err.message}\n\n${USAGE}`);
      return 2;
    }
    console.error(err instanceof ConfigError || err instanceof Error ? err.message : String(err));
    return 1;
  }
}
