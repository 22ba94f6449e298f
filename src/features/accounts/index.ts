import fp from 'fastify-plugin';
import { accountsRoutes } from './accounts.routes.js';
import housekeeping from './housekeeping.js';
import { passwordChangeRoutes } from './password-change.routes.js';
import { passwordResetRoutes } from './password-reset.routes.js';
import { sessionTimeoutRoutes } from './session-timeout.routes.js';
import { tokensRoutes } from './tokens.routes.js';
import { twoFactorRoutes } from './two-factor.routes.js';

export interface AccountsFeatureOptions {
  /** How often housekeeping deletes stale sign-in attempts and ended sessions (housekeeping.ts). */
  housekeepingEveryMs?: number;
}

/**
 * Accounts: sign-in and who is asking, session timeout, two-factor, password reset and change, API tokens,
 * and the housekeeping timer. Registered first of the features: accountsRoutes' onRequest hook (it sets
 * request.auth from the session or bearer token) goes on the root instance, so every later route has it.
 */
export default fp<AccountsFeatureOptions>(
  async (app, { housekeepingEveryMs }) => {
    await app.register(housekeeping, { everyMs: housekeepingEveryMs });
    await app.register(accountsRoutes);
    await app.register(sessionTimeoutRoutes);
    await app.register(twoFactorRoutes);
    await app.register(passwordResetRoutes);
    await app.register(passwordChangeRoutes);
    await app.register(tokensRoutes);
  },
  { name: 'accounts-feature' },
);
