import type { FastifyPluginAsync } from 'fastify';
import { partnershipActor, requireAuth } from '../../../plugins/auth.js';
import { ROUND_PAGE_LABELS } from '../records/assessments.options.js';
import { agendaOf, agendaQuery } from '../records/marker-page.service.js';
import { roundOverview } from '../rounds/overview.service.js';

type RoundParams = { id: string; roundId: string };
type AgendaQuery = { agenda?: string | string[]; chosen?: string; change?: string };

/** The agenda with one marker moved one place earlier (-1) or later (+1). */
function moved(agenda: readonly string[], index: number, by: -1 | 1): string[] {
  const out = [...agenda];
  const [key] = out.splice(index, 1);
  out.splice(index + by, 0, key!);
  return out;
}

/**
 * Planning a meeting: the person ticks the round's markers to discuss (those not completed are ticked at
 * first), puts them in order, and starts meeting mode at the first. Every step is a GET with the agenda
 * in the URL, so nothing is stored, a link can be shared with the panel, and it works without JavaScript.
 */
export const agendaRoutes: FastifyPluginAsync = async (app) => {
  app.get<{ Params: RoundParams; Querystring: AgendaQuery }>(
    '/reviews/:id/rounds/:roundId/meeting',
    { preHandler: requireAuth() },
    async (request, reply) => {
      const { id, roundId } = request.params;
      const overview = await roundOverview(app.db, partnershipActor(request), id, roundId, app.frameworks);
      const inRound = overview.stages.flatMap((s) => s.markers.filter((m) => m.record));
      const agenda = agendaOf(
        request.query,
        inRound.map((m) => m.marker),
      );
      const base = `/reviews/${id}/rounds/${roundId}/meeting`;
      const byKey = new Map(inRound.map((m) => [m.marker.key, m]));
      const common = { review: overview.review, round: overview.round, labels: ROUND_PAGE_LABELS, base };
      const choosing = !agenda.length || request.query.change === '1';
      if (choosing) {
        const noneChosen = request.query.chosen === '1' && !agenda.length;
        const ticked = agenda.length
          ? agenda
          : noneChosen
            ? []
            : inRound.filter((m) => m.record?.status !== 'completed').map((m) => m.marker.key);
        const errors = noneChosen ? { agenda: 'Select at least one marker for the meeting' } : {};
        return reply.code(noneChosen ? 400 : 200).view('assessments/meeting/agenda.njk', {
          ...common,
          choosing: true,
          markers: inRound,
          ticked,
          errors,
          errorSummary: noneChosen ? [{ text: errors.agenda, href: '#agenda' }] : [],
        });
      }
      const first = `/reviews/${id}/rounds/${roundId}/markers/${agenda[0]}/meeting?q=1${agendaQuery(agenda)}`;
      return reply.view('assessments/meeting/agenda.njk', {
        ...common,
        choosing: false,
        items: agenda.map((key, i) => ({
          marker: byKey.get(key)!.marker,
          status: byKey.get(key)!.record!.status,
          up: i > 0 ? `${base}?agenda=${moved(agenda, i, -1).join(',')}` : null,
          down: i < agenda.length - 1 ? `${base}?agenda=${moved(agenda, i, 1).join(',')}` : null,
        })),
        change: `${base}?agenda=${agenda.join(',')}&change=1`,
        start: first,
      });
    },
  );
};
