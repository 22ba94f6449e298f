import type { FastifyPluginAsync } from 'fastify';
import { londonDate } from '../../lib/uk-time.js';
import { partnershipActor, requireAuth } from '../../plugins/auth.js';
import { REVIEW_ROLES } from '../reviews/reviews.service.js';
import { reviewsOnTeam, workFor, WORK_HEADINGS, WORK_KINDS } from './work.service.js';

/** "Your work": the signed-in home page. `?welcome=1` (after accepting an invitation) adds a welcome line. */
export const workRoutes: FastifyPluginAsync = async (app) => {
  app.get<{ Querystring: { welcome?: string } }>('/work', { preHandler: requireAuth() }, async (request, reply) => {
    const actor = partnershipActor(request);
    const items = await workFor(app.db, app.frameworks, actor, londonDate(app.now()));
    const sections = WORK_KINDS.map((kind) => ({
      kind,
      heading: WORK_HEADINGS[kind],
      items: items.filter((i) => i.kind === kind),
    })).filter((s) => s.items.length);
    const welcome = request.query.welcome === '1' ? await reviewsOnTeam(app.db, actor) : null;
    return reply.view('work/work.njk', { sections, count: items.length, welcome, roles: REVIEW_ROLES });
  });
};
