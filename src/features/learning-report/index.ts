import fp from 'fastify-plugin';
import { learningReportRoutes } from './learning-report.routes.js';

/** The yearly-report extract (page, Word, CSV) and the case review tracker export. */
export default fp(
  async (app) => {
    await app.register(learningReportRoutes);
  },
  { name: 'learning-report-feature' },
);
