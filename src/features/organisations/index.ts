import fp from 'fastify-plugin';
import { invitationRoutes } from './invitation.routes.js';
import { peopleRoutes } from './people.routes.js';
import { settingsRoutes } from './settings.routes.js';
import { setupRoutes } from './setup.routes.js';
import { ssoSettingsRoutes } from './sso-settings.routes.js';
import { ssoRoutes } from './sso.routes.js';

/** Partnerships: first-run set-up, single sign-on and its settings, people, settings, invitations. */
export default fp(
  async (app) => {
    await app.register(setupRoutes);
    await app.register(ssoRoutes);
    await app.register(ssoSettingsRoutes);
    await app.register(peopleRoutes);
    await app.register(settingsRoutes);
    await app.register(invitationRoutes);
  },
  { name: 'organisations-feature' },
);
