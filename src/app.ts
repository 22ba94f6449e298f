import formbody from '@fastify/formbody';
import Fastify, { type FastifyInstance, type RouteOptions } from 'fastify';
import { ConfigError, type Config } from './config/config.js';
import { checkNamedStatements, createDb, type Db } from './db/create-db.js';
import { migrateToLatest } from './db/migrate.js';
import { sealStoredTotpSecrets } from './features/accounts/two-factor.codes.js';
import { setPasswordHashCost } from './features/accounts/passwords.js';
import { sealStoredClientSecrets } from './features/organisations/single-sign-on.service.js';
import { SecretBox, SecretBoxError } from './lib/secret-box.js';
import { builtInCatalogue, type FrameworkCatalogue } from './features/frameworks/frameworks.service.js';
import { newId } from './lib/ids.js';
import accountsFeature from './features/accounts/index.js';
import actionsFeature from './features/actions/index.js';
import apiFeature from './features/api/index.js';
import assessmentsFeature from './features/assessments/index.js';
import auditFeature from './features/audit/index.js';
import evidenceFeature from './features/evidence/index.js';
import exportsFeature from './features/exports/index.js';
import frameworkUpgradeFeature from './features/framework-upgrade/index.js';
import frameworksFeature from './features/frameworks/index.js';
import markersFeature from './features/markers/index.js';
import organisationsFeature from './features/organisations/index.js';
import publicationFeature from './features/publication/index.js';
import reportsFeature from './features/reports/index.js';
import reviewsFeature from './features/reviews/index.js';
import workFeature from './features/work/index.js';
import notificationsFeature from './features/notifications/index.js';
import referralsFeature from './features/referrals/index.js';
import searchFeature from './features/search/index.js';
import learningReportFeature from './features/learning-report/index.js';
import learningFeature from './features/learning/index.js';
import apiDocs from './plugins/api-docs.js';
import auth from './plugins/auth.js';
import compression from './plugins/compression.js';
import { cookiesPlugin, csrfPlugin } from './plugins/cookies-csrf.js';
import dbPlugin from './plugins/db.js';
import multipart from './plugins/multipart.js';
import session from './plugins/session.js';
import errors from './plugins/errors.js';
import health from './plugins/health.js';
import mailer from './plugins/mailer.js';
import { loggerOptions } from './plugins/logging.js';
import security from './plugins/security.js';
import staticAssets from './plugins/static-assets.js';
import textInput from './plugins/text-input.js';
import views from './plugins/views.js';
import { configureUntrusted } from './lib/untrusted/pool.js';

declare module 'fastify' {
  interface FastifyInstance {
    config: Config;
    /** Seals the secrets kept in the database (two-factor, single sign-on) and digests recovery codes. */
    secretBox: SecretBox;
    /**
     * The built-in frameworks, every version, read from frameworks/ once at start-up and never changed
     * while the process runs. A partnership's imported ones are added per request (frameworksVisibleTo)
     * or found by resolveFramework.
     */
    frameworks: FrameworkCatalogue;
  }
}

export interface AppOverrides {
  /** An open, migrated database the caller owns (tests share one across apps). */
  db?: Db;
  catalogue?: FrameworkCatalogue;
  /** The clock for sessions, throttling and links; tests move it. */
  clock?: () => Date;
  /** How often old sign-in attempts and ended sessions are deleted (features/accounts/housekeeping.ts). */
  housekeepingEveryMs?: number;
  /** How often marked reviews are folded into the learning summary (features/learning/fold.job.ts); 0: never. */
  learningFoldEveryMs?: number;
  /** Told of every route as it is registered: Fastify keeps no public list (the tests that visit every route). */
  onRoute?: (route: RouteOptions) => void;
}

export const BODY_LIMIT_BYTES = 1024 * 1024;

/**
 * Seals secrets stored in plain text by an older version, or sealed with a previous SESSION_SECRET. One
 * sealed with a key the app does not have stops the start: running on would lock people out of two-factor.
 */
async function sealStoredSecrets(db: Db, box: SecretBox) {
  try {
    await sealStoredTotpSecrets(db, box);
    await sealStoredClientSecrets(db, box);
  } catch (error) {
    if (!(error instanceof SecretBoxError)) throw error;
    throw new ConfigError([
      'Secrets in the database were sealed with another SESSION_SECRET: if SESSION_SECRET was changed, set PREVIOUS_SESSION_SECRETS to the secret it replaced',
    ]);
  }
}

/** Builds the app: plugins in a fixed order, then features, then error pages. Never listens. */
export async function buildApp(config: Config, overrides: AppOverrides = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: loggerOptions(config),
    trustProxy: config.trustProxy,
    bodyLimit: BODY_LIMIT_BYTES,
    connectionTimeout: 60_000,
    requestTimeout: 30_000,
    // Longer than a proxy's or a client pool's idle timeout (commonly 60 s), so the other side closes an idle
    // connection first and never sends a request down a socket this server is closing at that moment.
    keepAliveTimeout: 72_000,
    genReqId: () => newId(),
    routerOptions: { ignoreTrailingSlash: true },
  });

  if (overrides.onRoute) app.addHook('onRoute', overrides.onRoute);
  app.decorate('config', config);
  // Parsers of uploaded files run in worker threads within these limits (one pool per process).
  configureUntrusted({
    ...config.untrustedParsing,
    onRefusal: (err, task) =>
      app.log.warn({ task, kind: err.kind, detail: err.detail }, 'uploaded file refused by parsing limits'),
  });
  setPasswordHashCost(config.passwordHashCost);
  const secretBox = new SecretBox([config.sessionSecret, ...config.previousSessionSecrets]);
  app.decorate('secretBox', secretBox);
  const db = overrides.db ?? createDb(config.database);
  try {
    if (!overrides.db) await migrateToLatest(db);
    if (config.database.kind === 'postgres' && config.database.namedStatements) await checkNamedStatements(db);
    await sealStoredSecrets(db, secretBox);
  } catch (error) {
    // Not started: a database this app opened is closed again (a pool would keep the process alive).
    if (!overrides.db) await db.destroy();
    throw error;
  }
  app.decorate('frameworks', overrides.catalogue ?? builtInCatalogue());

  await app.register(dbPlugin, { db, closeOnShutdown: !overrides.db });
  await app.register(health);
  await app.register(security);
  await app.register(compression);
  await app.register(formbody, { bodyLimit: BODY_LIMIT_BYTES });
  await app.register(cookiesPlugin, { config });
  await app.register(csrfPlugin, { config });
  // After the CSRF check, before any feature's routes: no text with a NUL character reaches a handler.
  await app.register(textInput);
  await app.register(session, { config, clock: overrides.clock });
  await app.register(auth);
  await app.register(views, { cache: config.viewCache });
  await app.register(staticAssets);
  // Before the features: a route takes the error handler in force when it is declared.
  await app.register(errors);
  // Before the features: it collects the documentation of every /api/v1 route as the route is added.
  await app.register(apiDocs);
  await app.register(mailer, { config });
  await app.register(multipart);

  // Features, each registering its own routes (features/<name>/index.ts). Accounts comes first: its hook
  // sets request.auth for every later route. Reviews before assessments keeps the API document's order.
  await app.register(accountsFeature, { housekeepingEveryMs: overrides.housekeepingEveryMs });
  await app.register(organisationsFeature);
  await app.register(reviewsFeature);
  // Evidence's routes were the first of the assessments feature's, and still come before the others.
  await app.register(evidenceFeature);
  await app.register(assessmentsFeature);
  await app.register(frameworkUpgradeFeature);
  await app.register(frameworksFeature);
  await app.register(apiFeature);
  await app.register(auditFeature);
  await app.register(markersFeature);
  await app.register(reportsFeature);
  await app.register(exportsFeature);
  await app.register(actionsFeature);
  await app.register(workFeature);
  // After the work feature: the daily digest is made from "Your work".
  await app.register(notificationsFeature);
  await app.register(publicationFeature);
  await app.register(referralsFeature);
  await app.register(searchFeature);
  await app.register(learningReportFeature);
  await app.register(learningFeature, { foldEveryMs: overrides.learningFoldEveryMs });
  return app;
}
