import type { FastifyPluginAsync } from 'fastify';
import { dateErrorId, dateItems, parseDateInput } from '../../../lib/date-input.js';
import { field } from '../../../lib/forms.js';
import { partnershipActor, requireAuth } from '../../../plugins/auth.js';
import { ROUND_PAGE_LABELS } from '../records/assessments.options.js';
import { roundForMeetingDate, setMeetingDate } from './meeting-date.service.js';
import { roundOverview } from './overview.service.js';

type RoundParams = { id: string; roundId: string };

/** Sets or clears the date a round's panel next meets, from the round page. */
export const meetingDateRoutes: FastifyPluginAsync = async (app) => {
  const path = '/reviews/:id/rounds/:roundId/meeting-date';

  app.post<{ Params: RoundParams }>(path, { preHandler: requireAuth() }, async (request, reply) => {
    const actor = partnershipActor(request);
    const { id, roundId } = request.params;
    const roundUrl = `/reviews/${id}/rounds/${roundId}`;
    const clear = field(request.body, 'action') === 'clear';
    const date = parseDateInput(request.body, 'meeting', 'Meeting date', {
      required: 'Enter the date of the meeting',
      years: { from: 2000, to: 2100 },
    });
    if (!clear && date.error) {
      // Who may set it is checked before saying what is wrong with what they typed.
      await roundForMeetingDate(app.db, actor, { reviewId: id, roundId });
      const overview = await roundOverview(app.db, actor, id, roundId, app.frameworks);
      return reply.code(400).view('assessments/rounds/round.njk', {
        ...overview,
        labels: ROUND_PAGE_LABELS,
        meetingForm: { error: date.error, items: dateItems(date.parts, date.errorParts) },
        errorSummary: [{ text: date.error, href: `#${dateErrorId('meeting', date.errorParts)}` }],
      });
    }
    await setMeetingDate(app.db, actor, { reviewId: id, roundId }, clear ? null : date.iso, app.now());
    return reply.redirect(`${roundUrl}#meeting-date`, 303);
  });
};
