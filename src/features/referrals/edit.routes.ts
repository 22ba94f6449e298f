import type { FastifyPluginAsync } from 'fastify';
import { dateItems, partsOf } from '../../lib/date-input.js';
import { errorList, field, type FieldErrors } from '../../lib/forms.js';
import { londonDate } from '../../lib/uk-time.js';
import { versionFrom } from '../../lib/versions.js';
import { partnershipActor, requireAuth } from '../../plugins/auth.js';
import { detailsAccess, updateReferralDetails } from './edit.service.js';
import { labels } from './labels.js';
import { criteriaItems, parseReferral } from './referrals.form.js';
import { getReferral, InvalidInputError, StaleReferralError, type ReferralView } from './referrals.service.js';

type Params = { id: string };

/** Changing a referral's details: the recording form's fields and rules, at the version read. */
export const editRoutes: FastifyPluginAsync = async (app) => {
  const guard = { preHandler: requireAuth() };
  const today = () => londonDate(app.now());

  async function context(request: Parameters<typeof partnershipActor>[0] & { params: Params }) {
    const actor = partnershipActor(request);
    const { referral } = await getReferral(app.db, actor, request.params.id, today(), { audit: false });
    const { needsReason } = await detailsAccess(app.db, actor, referral);
    return { actor, referral, needsReason };
  }

  function page(
    c: { referral: ReferralView; needsReason: boolean },
    values: Record<string, unknown>,
    errors: FieldErrors,
  ) {
    const r = c.referral;
    const answers = (values.criteria as Record<string, string> | undefined) ?? {};
    return {
      referral: r,
      needsReason: c.needsReason,
      route: r.route,
      values,
      errors,
      criteria: criteriaItems(r.route, answers, errors),
      version: r.version,
      labels,
      breadcrumbs: [
        { text: 'Referrals', href: '/referrals' },
        { text: 'Referral', href: `/referrals/${r.id}` },
      ],
    };
  }

  app.get<{ Params: Params }>('/referrals/:id/edit', guard, async (request, reply) => {
    const c = await context(request);
    const r = c.referral;
    const values = {
      receivedOn: dateItems(partsOf(r.received_on)),
      awareOn: dateItems(partsOf(r.aware_on)),
      sourceAgency: r.source_agency,
      subjectPseudonym: r.subject_pseudonym,
      criteria: r.criteriaAnswers,
      changeReason: '',
    };
    return reply.view('referrals/edit.njk', page(c, values, {}));
  });

  app.post<{ Params: Params }>('/referrals/:id/edit', guard, async (request, reply) => {
    const c = await context(request);
    const form = parseReferral(request.body, c.referral.route);
    const changeReason = field(request.body, 'changeReason');
    const values = { ...form.values, changeReason };
    try {
      await updateReferralDetails(
        app.db,
        c.actor,
        c.referral.id,
        versionFrom(field(request.body, 'version')),
        { ...form.input, changeReason: changeReason || null },
        app.now(),
        today(),
        form.errors,
      );
      return await reply.redirect(`/referrals/${c.referral.id}?saved=details`, 303);
    } catch (error) {
      if (error instanceof StaleReferralError) {
        return reply.code(409).view('referrals/edit.njk', { ...page(c, values, {}), conflict: error.message });
      }
      if (!(error instanceof InvalidInputError)) throw error;
      return reply.code(400).view('referrals/edit.njk', {
        ...page(c, values, error.errors),
        errorSummary: errorList(error.errors, form.ids),
      });
    }
  });
};
