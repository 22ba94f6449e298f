import { resolve } from 'node:path';
import { z } from 'zod';

/** The only reader of process.env. Validated once, typed and frozen. */

const DEV_SESSION_SECRET = 'development-only-secret-change-me-in-production!';

/** scrypt's cost as log2 N: 17 is OWASP's recommendation (N=2^17, r=8, p=1), and production's floor. */
export const PASSWORD_HASH_COST = 17;
/** The cheapest cost accepted, for tests outside production only (a hash then takes ~1 ms, not ~150 ms). */
export const MIN_PASSWORD_HASH_COST = 10;

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('localhost'),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start postgres:// or postgresql://')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  // Named (server-side prepared) statements on PostgreSQL: faster, but PgBouncer in transaction pooling
  // mode loses them between transactions unless its max_prepared_statements is set. Off unless asked for.
  PG_NAMED_STATEMENTS: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  PREVIOUS_SESSION_SECRETS: z
    .string()
    .optional()
    .transform((v) =>
      (v ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.string().min(32, 'each must be at least 32 characters'))),
  PUBLIC_URL: z.url('must be a web address like https://qm.example.org').optional(),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must start smtp:// or smtps://')
    .optional(),
  MAIL_FROM: z.string().min(3).default('Quality Markers <no-reply@localhost>'),
  TRUST_PROXY: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  // Parsers of uploaded bytes run in worker threads (src/lib/untrusted/pool.ts) within these limits.
  UNTRUSTED_PARSE_WORKERS: z.coerce.number().int().min(1).max(32).default(2),
  UNTRUSTED_PARSE_QUEUE: z.coerce.number().int().min(0).max(1000).default(20),
  // Below the 30-second request timeout, so the person hears why.
  UNTRUSTED_PARSE_TIME_LIMIT_MS: z.coerce.number().int().min(100).max(25_000).default(10_000),
  UNTRUSTED_PARSE_HEAP_MB: z.coerce.number().int().min(16).max(4096).default(256),
  VIEW_CACHE: z.enum(['true', 'false']).optional(),
  PASSWORD_HASH_COST: z.coerce.number().int().min(MIN_PASSWORD_HASH_COST).max(20).default(PASSWORD_HASH_COST),
});

export type DatabaseConfig =
  | { kind: 'sqlite'; file: string }
  | {
      kind: 'postgres';
      url: string;
      /** Name each statement so the server keeps its plan (create-db.ts) */ namedStatements?: boolean;
    };

export interface Config {
  readonly env: 'development' | 'production' | 'test';
  readonly isProduction: boolean;
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  readonly database: DatabaseConfig;
  readonly logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  readonly sessionSecret: string;
  /** Secrets used before SESSION_SECRET: they still check cookies and open stored secrets, never make new. */
  readonly previousSessionSecrets: readonly string[];
  readonly trustProxy: boolean;
  /** The address people use to reach the app, for links in emails; defaults to http://HOST:PORT */
  readonly publicUrl: string;
  /** Outgoing mail; without it, admins get one-time links to pass on themselves. */
  readonly smtpUrl: string | undefined;
  readonly mailFrom: string;
  /** Worker threads for parsing uploaded files: how many at once, how many waiting, each one's limits. */
  readonly untrustedParsing: Readonly<{ workers: number; queue: number; timeLimitMs: number; heapMb: number }>;
  /**
   * Whether compiled templates and rendered pages are cached (VIEW_CACHE; on in production, off elsewhere
   * so template edits show at once). The browser suite turns it on to run what production runs.
   */
  readonly viewCache: boolean;
  /** scrypt cost (log2 N) for new password hashes; PASSWORD_HASH_COST, never below 17 in production. */
  readonly passwordHashCost: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Configuration is not valid:\n${problems.map((p) => `- ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`));
  }
  const e = parsed.data;
  const isProduction = e.NODE_ENV === 'production';
  if (isProduction && !e.SESSION_SECRET) {
    throw new ConfigError(['SESSION_SECRET is required when NODE_ENV is production (at least 32 characters)']);
  }
  if (isProduction && e.PASSWORD_HASH_COST < PASSWORD_HASH_COST) {
    throw new ConfigError([
      `PASSWORD_HASH_COST must be at least ${PASSWORD_HASH_COST} when NODE_ENV is production (lower is for tests)`,
    ]);
  }
  const dataDir = resolve(e.DATA_DIR);
  return Object.freeze({
    env: e.NODE_ENV,
    isProduction,
    port: e.PORT,
    host: e.HOST,
    dataDir,
    database: Object.freeze(
      e.DATABASE_URL
        ? ({ kind: 'postgres', url: e.DATABASE_URL, namedStatements: e.PG_NAMED_STATEMENTS } as const)
        : ({ kind: 'sqlite', file: resolve(dataDir, 'quality-markers.sqlite') } as const),
    ),
    logLevel: e.LOG_LEVEL,
    sessionSecret: e.SESSION_SECRET ?? DEV_SESSION_SECRET,
    previousSessionSecrets: Object.freeze(e.PREVIOUS_SESSION_SECRETS),
    trustProxy: e.TRUST_PROXY,
    publicUrl: (e.PUBLIC_URL ?? `http://${e.HOST}:${e.PORT}`).replace(/\/$/, ''),
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    untrustedParsing: Object.freeze({
      workers: e.UNTRUSTED_PARSE_WORKERS,
      queue: e.UNTRUSTED_PARSE_QUEUE,
      timeLimitMs: e.UNTRUSTED_PARSE_TIME_LIMIT_MS,
      heapMb: e.UNTRUSTED_PARSE_HEAP_MB,
    }),
    viewCache: e.VIEW_CACHE === undefined ? isProduction : e.VIEW_CACHE === 'true',
    passwordHashCost: e.PASSWORD_HASH_COST,
  });
}
