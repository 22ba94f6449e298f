import type { FastifyPluginAsync } from 'fastify';
import { errorList, field } from '../../lib/forms.js';
import { londonDate } from '../../lib/uk-time.js';
import { versionFrom } from '../../lib/versions.js';
import { partnershipActor, requireAuth } from '../../plugins/auth.js';
import { decisionChoices, decisionValues, parseDecision } from './decision.form.js';
import { AlreadyConvertedError, recordDecision } from './decision.service.js';
import { labels } from './labels.js';
import { getReferral, InvalidInputError, requireManage, StaleReferralError } from './referrals.service.js';

type Params = { id: string };

/** Recording (or, with a reason, changing) a referral's decision; a decision to review starts the review. */
export const decisionRoutes: FastifyPluginAsync = async (app) => {
  const guard = { preHandler: requireAuth() };
  const today = () => londonDate(app.now());

  async function context(request: Parameters<typeof partnershipActor>[0] & { params: Params }) {
    const actor = partnershipActor(request);
    await requireManage(app.db, actor);
    const found = await getReferral(app.db, actor, request.params.id, today(), { audit: false });
    const breadcrumbs = [
      { text: 'Referrals', href: '/referrals' },
      { text: 'Referral', href: `/referrals/${found.referral.id}` },
    ];
    return { actor, ...found, choices: decisionChoices(found.referral.route), labels, breadcrumbs };
  }

  app.get<{ Params: Params }>('/referrals/:id/decision', guard, async (request, reply) => {
    const page = await context(request);
    return reply.view('referrals/decision.njk', {
      ...page,
      values: decisionValues(page.referral),
      errors: {},
      version: page.referral.version,
    });
  });

  app.post<{ Params: Params }>('/referrals/:id/decision', guard, async (request, reply) => {
    const page = await context(request);
    const form = parseDecision(request.body, page.referral.route);
    const version = versionFrom(field(request.body, 'version'));
    try {
      const result = await recordDecision(
        app.db,
        app.frameworks,
        page.actor,
        page.referral.id,
        version,
        form.input,
        app.now(),
        today(),
        form.errors,
      );
      const to = result.reviewId ? `/reviews/${result.reviewId}` : `/referrals/${page.referral.id}?saved=decision`;
      return await reply.redirect(to, 303);
    } catch (error) {
      const stale = error instanceof StaleReferralError || error instanceof AlreadyConvertedError;
      if (!(error instanceof InvalidInputError) && !stale) throw error;
      const errors = stale ? {} : error.errors;
      return reply.code(stale ? 409 : 400).view('referrals/decision.njk', {
        ...page,
        values: form.values,
        errors,
        errorSummary: errorList(errors, { ...form.ids, criteria: `criteria-${page.choices.criteria[0]!.key}` }),
        conflict: stale ? error.message : null,
        version: page.referral.version,
      });
    }
  });
};
