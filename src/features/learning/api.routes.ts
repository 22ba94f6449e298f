import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { HttpError } from '../../lib/errors.js';
import { londonDate } from '../../lib/uk-time.js';
import { errorSchema, unauthorised, type ApiDoc, type ApiParameter } from '../../plugins/api-docs.js';
import { partnershipActor, requireAuth } from '../../plugins/auth.js';
import { REVIEW_TYPES } from '../reviews/reviews.service.js';
import { learningMarkersSchema, learningThemesSchema } from './api.schemas.js';
import { parseApiQuery } from './learning.form.js';
import { markersSummary, themesOf, scopeOf } from './learning.service.js';

const dateParam = (name: 'from' | 'to', text: string): ApiParameter => ({
  name,
  in: 'query',
  required: false,
  description: `Only reviews decided ${text} this date (YYYY-MM-DD)`,
  schema: z.string(),
});
const period = [dateParam('from', 'on or after'), dateParam('to', 'on or before')];
const badQuery = { 400: { description: 'A query value that is not one of those listed', schema: errorSchema } };

const markersDoc: ApiDoc = {
  operationId: 'getLearningMarkers',
  summary: 'Marker judgements across reviews',
  description:
    'How the reviews the token’s person may see judged each marker, in one round of each review: the latest approved (signed-off) round, or the latest round of one purpose. The same figures as the learning dashboard.',
  tag: 'Reviews',
  access: 'read',
  parameters: [
    {
      name: 'purpose',
      in: 'query',
      required: false,
      description: 'approved (the default), planning, in-review or retrospective',
      schema: z.enum(['approved', 'planning', 'in-review', 'retrospective']),
    },
    {
      name: 'type',
      in: 'query',
      required: false,
      description: 'Only reviews of this type',
      schema: z.enum(Object.keys(REVIEW_TYPES) as [string, ...string[]]),
    },
    ...period,
  ],
  responses: { 200: { description: 'The counts', schema: learningMarkersSchema }, ...badQuery, ...unauthorised },
};

const themesDoc: ApiDoc = {
  operationId: 'getLearningThemes',
  summary: 'Learning themes across reviews',
  description:
    'Findings and recommendations per learning theme and year, with the actions they led to and those actions’ status and impact, on the reviews the token’s person may see; and the recurring themes.',
  tag: 'Reviews',
  access: 'read',
  parameters: period,
  responses: { 200: { description: 'The counts', schema: learningThemesSchema }, ...badQuery, ...unauthorised },
};

export const learningApiRoutes: FastifyPluginAsync = async (app) => {
  const guard = { preHandler: requireAuth() };

  app.get('/api/v1/learning/markers', { ...guard, config: { api: markersDoc } }, async (request) => {
    const query = parseApiQuery(request.query, { purpose: true });
    if (!query.ok) throw new HttpError(400, query.message);
    const summary = await markersSummary(
      app.db,
      app.frameworks,
      partnershipActor(request),
      query.choice,
      query.filters,
    );
    return {
      reviews: summary.reviews,
      markers: summary.groups.flatMap((g) =>
        g.markers.map((m) => ({ key: m.key, framework: g.framework.key, title: m.title, counts: m.counts })),
      ),
    };
  });

  app.get('/api/v1/learning/themes', { ...guard, config: { api: themesDoc } }, async (request) => {
    const query = parseApiQuery(request.query, { purpose: false });
    if (!query.ok) throw new HttpError(400, query.message);
    const scope = scopeOf(partnershipActor(request), query.filters);
    const { years, recurring } = await themesOf(app.db, scope, londonDate(app.now()));
    return {
      themes: years.map(({ themeId: _id, ...row }) => row),
      recurring: recurring.map(({ themeId: _id, ...row }) => row),
    };
  });
};
