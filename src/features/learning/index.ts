import fp from 'fastify-plugin';
import { learningApiRoutes } from './api.routes.js';
import foldJob from './fold.job.js';
import { learningRoutes } from './learning.routes.js';

export interface LearningFeatureOptions {
  /** How often marked reviews are folded into the summary in the background (fold.job.ts); 0 for never. */
  foldEveryMs?: number;
}

/** Learning across reviews: the dashboard, its API, the regional roll-up and the summary's background fold. */
export default fp<LearningFeatureOptions>(
  async (app, { foldEveryMs }) => {
    await app.register(learningRoutes);
    await app.register(learningApiRoutes);
    await app.register(foldJob, { everyMs: foldEveryMs });
  },
  { name: 'learning-feature' },
);
