import type { FastifyPluginAsync } from 'fastify';
import { londonDate } from '../../lib/uk-time.js';
import { partnershipActor, requireAuth } from '../../plugins/auth.js';
import { boardReport, EXPORT_FORMATS } from './reports.service.js';

type ReportQuery = { round?: string; print?: string };

/**
 * The board report of a review (its latest round, or the one `?round=` names) and of one round. With
 * `?print=1` the same report comes without the site's navigation, ready for the browser's print.
 */
export const reportsRoutes: FastifyPluginAsync = async (app) => {
  const guard = { preHandler: requireAuth() };

  app.get<{ Params: { id: string }; Querystring: ReportQuery }>(
    '/reviews/:id/report',
    guard,
    async (request, reply) => {
      const roundId = typeof request.query.round === 'string' && request.query.round ? request.query.round : undefined;
      const report = await boardReport(app.db, partnershipActor(request), app.frameworks, {
        reviewId: request.params.id,
        roundId,
        today: londonDate(app.now()),
      });
      return reply.view('reports/report.njk', {
        report,
        exports: EXPORT_FORMATS,
        printView: request.query.print === '1',
        selfUrl: `/reviews/${report.review.id}/report${roundId ? `?round=${encodeURIComponent(roundId)}` : ''}`,
      });
    },
  );

  app.get<{ Params: { id: string; roundId: string }; Querystring: ReportQuery }>(
    '/reviews/:id/rounds/:roundId/report',
    guard,
    async (request, reply) => {
      const report = await boardReport(app.db, partnershipActor(request), app.frameworks, {
        reviewId: request.params.id,
        roundId: request.params.roundId,
        today: londonDate(app.now()),
      });
      return reply.view('reports/report.njk', {
        report,
        exports: EXPORT_FORMATS,
        printView: request.query.print === '1',
        roundReport: true,
        selfUrl: `/reviews/${report.review.id}/rounds/${request.params.roundId}/report`,
      });
    },
  );
};
