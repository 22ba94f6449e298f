import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { londonDate } from '../../lib/uk-time.js';
import { partnershipActor, requireAuth } from '../../plugins/auth.js';
import { reportLinks, reportTitle, type ReportPlace } from './report-view.js';
import { boardReport, EXPORT_FORMATS, reportLogo } from './reports.service.js';

type ReportQuery = { round?: string; print?: string; unanswered?: string };
type ReportRoute = { Params: { id: string; roundId?: string }; Querystring: ReportQuery };
type ReportRequest = FastifyRequest<ReportRoute>;

/**
 * The board report of a review (its latest round, or the one `?round=` names) and of one round. With
 * `?print=1` the same report comes without the site's navigation, ready for the browser's print; with
 * `?unanswered=show` it lists the questions not yet answered; `report.pdf` is the same report as a PDF.
 */
export const reportsRoutes: FastifyPluginAsync = async (app) => {
  const guard = { preHandler: requireAuth() };

  async function load(request: ReportRequest, download?: 'pdf') {
    const { query, params } = request;
    const chosen = !params.roundId && typeof query.round === 'string' && query.round ? query.round : undefined;
    const showUnanswered = query.unanswered === 'show';
    const report = await boardReport(app.db, partnershipActor(request), app.frameworks, {
      reviewId: params.id,
      roundId: params.roundId ?? chosen,
      today: londonDate(app.now()),
      showUnanswered,
      download,
    });
    const place: ReportPlace = {
      reviewId: report.review.id,
      reference: report.review.reference,
      roundReport: Boolean(params.roundId),
      chosenRoundId: chosen,
      round: report.round ?? null,
      showUnanswered,
    };
    return { report, place };
  }

  async function page(request: ReportRequest, reply: FastifyReply) {
    const { report, place } = await load(request);
    const printView = request.query.print === '1';
    return reply.view('reports/report.njk', {
      report,
      exports: EXPORT_FORMATS,
      printView,
      roundReport: place.roundReport,
      pageTitle: reportTitle(place, printView),
      links: reportLinks(place),
    });
  }

  async function pdf(request: ReportRequest, reply: FastifyReply) {
    const { report, place } = await load(request, 'pdf');
    const { buildBoardReportPdf } = await import('./report.pdf.js');
    const logo = report.organisation.hasLogo ? await reportLogo(app.db, partnershipActor(request)) : null;
    const body = await buildBoardReportPdf(report, logo, reportTitle(place));
    const stem = report.review.reference.replace(/[^A-Za-z0-9-]+/g, '-').replace(/^-|-$/g, '') || 'review';
    const name = `${stem}-board-report${report.round ? `-round-${report.round.number}` : ''}.pdf`;
    return reply.type('application/pdf').header('Content-Disposition', `attachment; filename="${name}"`).send(body);
  }

  app.get<ReportRoute>('/reviews/:id/report', guard, page);
  app.get<ReportRoute>('/reviews/:id/report.pdf', guard, pdf);
  app.get<ReportRoute>('/reviews/:id/rounds/:roundId/report', guard, page);
  app.get<ReportRoute>('/reviews/:id/rounds/:roundId/report.pdf', guard, pdf);
};
