import fp from 'fastify-plugin';
import { assessmentsApiRoutes } from './records/api.routes.js';
import { assessmentsRoutes } from './records/assessments.routes.js';
import { commentsRoutes } from './comments/comments.routes.js';
import { compareRoutes } from './compare/compare.routes.js';
import { evidenceRoutes } from './evidence.routes.js';
import { historyRoutes } from './history/history.routes.js';
import { meetingRoutes } from './meeting/meeting.routes.js';
import { signOffRoutes } from './sign-off/signoff.routes.js';

/**
 * Assessments: rounds and marker records, evidence, comments, meeting mode, compare, sign-off, history,
 * and their API. The framework upgrade (moving a review to a newer version) is features/framework-upgrade.
 */
export default fp(
  async (app) => {
    await app.register(evidenceRoutes);
    await app.register(commentsRoutes);
    await app.register(meetingRoutes);
    await app.register(compareRoutes);
    await app.register(assessmentsRoutes);
    await app.register(assessmentsApiRoutes);
    await app.register(signOffRoutes);
    await app.register(historyRoutes);
  },
  { name: 'assessments-feature' },
);
