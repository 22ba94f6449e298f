/** The page recording the decision and reviewer told to the Panel (a children's review's clock step). */
import type { FastifyPluginAsync } from 'fastify';
import { errorList, field, type FieldErrors } from '../../../lib/forms.js';
import { londonDate } from '../../../lib/uk-time.js';
import { versionFrom } from '../../../lib/versions.js';
import { partnershipActor, requireAuth } from '../../../plugins/auth.js';
import { getReview, requireManage, type Review } from '../reviews.service.js';
import { parseReviewerTold, reviewerToldValues } from './reviewer-told.form.js';
import {
  requirePanelToldClock,
  reviewerToldOf,
  ReviewerToldInvalid,
  saveReviewerTold,
} from './reviewer-told.service.js';

type Params = { id: string };
const TEMPLATE = 'reviews/clocks/reviewer-told.njk';

export const reviewerToldRoutes: FastifyPluginAsync = async (app) => {
  const guard = { preHandler: requireAuth() };

  async function forForm(request: Parameters<typeof partnershipActor>[0] & { params: Params }) {
    const actor = partnershipActor(request);
    const review = await getReview(app.db, actor, request.params.id, { audit: false });
    requireManage(review);
    requirePanelToldClock(review);
    return { actor, review };
  }

  const page = (review: Review, values: object, errors: FieldErrors, version = review.version) => ({
    review,
    values,
    errors,
    version,
  });

  app.get<{ Params: Params }>('/reviews/:id/reviewer-told', guard, async (request, reply) => {
    const { review } = await forForm(request);
    const saved = await reviewerToldOf(app.db, review);
    return reply.view(TEMPLATE, page(review, reviewerToldValues(saved.reviewerName, saved.toldOn), {}));
  });

  app.post<{ Params: Params }>('/reviews/:id/reviewer-told', guard, async (request, reply) => {
    const { actor, review } = await forForm(request);
    const form = parseReviewerTold(request.body);
    const version = versionFrom(field(request.body, 'version'));
    try {
      const now = app.now();
      const result = await saveReviewerTold(
        app.db,
        actor,
        review,
        version,
        form.input,
        now,
        londonDate(now),
        form.errors,
      );
      if (!result.ok) {
        return reply
          .code(409)
          .view(TEMPLATE, { ...page(review, form.values, {}, result.currentVersion), conflict: true });
      }
      return await reply.redirect(`/reviews/${review.id}#key-dates`, 303);
    } catch (error) {
      if (!(error instanceof ReviewerToldInvalid)) throw error;
      return reply.code(400).view(TEMPLATE, {
        ...page(review, form.values, error.errors),
        errorSummary: errorList(error.errors, form.ids),
      });
    }
  });
};
