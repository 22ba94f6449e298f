import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { BadRequestError } from '../../lib/errors.js';
import { errorSchema, named, unauthorised, type ApiDoc } from '../../plugins/api-docs.js';
import { partnershipActor, requireAuth } from '../../plugins/auth.js';
import { MAX_QUERY_LENGTH, parseApiQuery } from './search.form.js';
import { MAX_PAGE, MAX_RANKED, parsePage, RESULTS_PER_PAGE, searchReviews } from './search.service.js';

const searchResultsSchema = named(
  'SearchResults',
  z
    .strictObject({
      results: z.array(
        z.strictObject({
          kind: z.string().describe('What was found, as people call it: Finding, Recommendation, Action, Comment, …'),
          reviewId: z.string().describe('The review it belongs to'),
          title: z.string().describe('Where in the review, for example "Finding 3" or "Comment on marker 4: …"'),
          snippet: z
            .string()
            .describe('HTML: the text around the matched words, every character escaped, the words in <mark>'),
          href: z.string().describe('The page (and place on it) where it is, relative to the site'),
        }),
      ),
    })
    .describe(`Best matches first, ${RESULTS_PER_PAGE} at most`),
);

const searchDoc: ApiDoc = {
  operationId: 'searchReviews',
  summary: 'Search the partnership’s reviews',
  description:
    'Full-text search (English word forms: "chronologies" finds "chronology") of findings, recommendations, ' +
    'actions, terms of reference, evidence titles, comments, judgement rationales and answers’ notes, in the ' +
    'reviews the token’s owner may see. Every word must appear; punctuation is ignored. When more than ' +
    `${MAX_RANKED} pieces of text match, the results are the best of the ${MAX_RANKED} written most recently, as ` +
    'on the search page: add words to narrow the search.',
  tag: 'Reviews',
  access: 'read',
  parameters: [
    {
      name: 'q',
      in: 'query',
      required: true,
      description: `The words to search for (${MAX_QUERY_LENGTH} characters at most)`,
      schema: z.string(),
    },
    {
      name: 'page',
      in: 'query',
      required: false,
      description: `Which ${RESULTS_PER_PAGE} results: 1 (the default) to ${MAX_PAGE}`,
      schema: z.string(),
    },
  ],
  responses: {
    200: { description: 'The results', schema: searchResultsSchema },
    400: { description: 'q is missing, too long or has no letters or numbers', schema: errorSchema },
    ...unauthorised,
  },
};

/** The search API: scoped as the search page is. */
export const searchApiRoutes: FastifyPluginAsync = async (app) => {
  app.get<{ Querystring: Record<string, unknown> }>(
    '/api/v1/search',
    { preHandler: requireAuth(), config: { api: searchDoc } },
    async (request) => {
      const parsed = parseApiQuery(request.query.q);
      if (parsed.error !== undefined) throw new BadRequestError(parsed.error);
      const found = await searchReviews(
        app.db,
        app.frameworks,
        partnershipActor(request),
        parsed.q,
        parsePage(request.query.page),
      );
      return {
        results: found.results.map(({ kind, reviewId, title, snippet, href }) => ({
          kind,
          reviewId,
          title,
          snippet,
          href,
        })),
      };
    },
  );
};
