import fp from 'fastify-plugin';
import { referralsApiRoutes } from './api.routes.js';
import { decisionRoutes } from './decision.routes.js';
import { editRoutes } from './edit.routes.js';
import { rapidReviewApiRoutes } from './rapid-review-api.routes.js';
import { referralsNavigation } from './navigation.js';
import { referralsRoutes } from './referrals.routes.js';
import { workspaceRoutes } from './workspace.routes.js';

/** Referrals (issue 18 §2): the register, the children's rapid review, decisions that start reviews. */
export default fp(
  async (app) => {
    await app.register(referralsNavigation);
    await app.register(referralsRoutes);
    await app.register(workspaceRoutes);
    await app.register(decisionRoutes);
    await app.register(editRoutes);
    await app.register(referralsApiRoutes);
    await app.register(rapidReviewApiRoutes);
  },
  { name: 'referrals-feature' },
);
