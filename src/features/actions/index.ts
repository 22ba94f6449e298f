import fp from 'fastify-plugin';
import { actionsListRoutes } from './actions-list.routes.js';
import { actionsRoutes } from './actions.routes.js';
import { findingsRoutes } from './findings.routes.js';
import { importRoutes } from './import.routes.js';
import { responseRoutes } from './response.routes.js';
import { themesRoutes } from './themes.routes.js';

/** Learning and improvement: themes, findings, actions and their list, the import, and responses. */
export default fp(
  async (app) => {
    await app.register(themesRoutes);
    await app.register(findingsRoutes);
    await app.register(actionsRoutes);
    await app.register(actionsListRoutes);
    await app.register(importRoutes);
    await app.register(responseRoutes);
  },
  { name: 'actions-feature' },
);
