import fp from 'fastify-plugin';
import { assessmentsApiRoutes } from './records/api.routes.js';
import { assessmentsRoutes } from './records/assessments.routes.js';
import { commentsRoutes } from './comments/comments.routes.js';
import { compareRoutes } from './compare/compare.routes.js';
import { historyRoutes } from './history/history.routes.js';
import { agendaRoutes } from './meeting/agenda.routes.js';
import { meetingRoutes } from './meeting/meeting.routes.js';
import { meetingDateRoutes } from './rounds/meeting-date.routes.js';
import { newRoundRoutes } from './rounds/new-round.routes.js';
import { signOffRoutes } from './sign-off/signoff.routes.js';

/**
 * Assessments: rounds and marker records, comments, meeting mode, compare, sign-off, history, and their
 * API. Evidence (features/evidence) and the framework upgrade (features/framework-upgrade) are features of
 * their own.
 */
export default fp(
  async (app) => {
    await app.register(commentsRoutes);
    await app.register(meetingRoutes);
    await app.register(agendaRoutes);
    await app.register(compareRoutes);
    await app.register(newRoundRoutes);
    await app.register(meetingDateRoutes);
    await app.register(assessmentsRoutes);
    await app.register(assessmentsApiRoutes);
    await app.register(signOffRoutes);
    await app.register(historyRoutes);
  },
  { name: 'assessments-feature' },
);
