import type { FastifyError, FastifyPluginAsync, FastifyReply } from 'fastify';
import { BadRequestError, HttpError } from '../../lib/errors.js';
import { z } from 'zod';
import { errorSchema, pathParam, unauthorised, type ApiDoc } from '../../plugins/api-docs.js';
import { partnershipActor, requireAuth } from '../../plugins/auth.js';
import { importedReviewDoc, importProblemsDoc, reviewExportDoc, reviewExportJsonSchemaDoc } from './api.schemas.js';
import { actionsCsv, markersCsv } from './export.csv.js';
import { CONTENT_TYPES, fileStem } from './export.labels.js';
import {
  exportReview,
  isExportFormat,
  roundChecklist,
  type ExportRequest,
  type LoadedExport,
} from './exports.service.js';
import { IMPORT_BODY_LIMIT_BYTES, importReview } from './import.service.js';
import { reviewExportJsonSchema } from './review-export.schema.js';
import { printableLogo } from './logo-print.js';

/** The answer to an import over the route's own body limit (64 MB), naming that limit. */
export const IMPORT_TOO_LARGE = `The review file is too large: it must be ${IMPORT_BODY_LIMIT_BYTES / (1024 * 1024)} MB or smaller: export the review again without its files`;

type ExportQuery = { format?: string; files?: string; table?: string; round?: string };

/** A round number in the query: what parseExportQuery accepts, and what the API documents. */
const ROUND_NUMBER = /^[1-9]\d{0,3}$/;

/** What the query asks for, or a 400 that says what is wrong with it. */
export function parseExportQuery(query: ExportQuery): ExportRequest {
  const { format, files, table, round } = query;
  if (!isExportFormat(format)) throw new BadRequestError('format must be one of docx, xlsx, pdf, csv or json');
  if (files !== undefined && files !== 'include') throw new BadRequestError('files must be include, or left out');
  if (files && format !== 'json') throw new BadRequestError('files=include works with format=json only');
  if (table !== undefined && (format !== 'csv' || (table !== 'markers' && table !== 'actions'))) {
    throw new BadRequestError('table must be markers or actions, with format=csv');
  }
  if (round !== undefined && (format !== 'csv' || !ROUND_NUMBER.test(round))) {
    throw new BadRequestError('round must be a round number, with format=csv');
  }
  return {
    format,
    files: files === 'include',
    table: table === 'actions' ? 'actions' : table === 'markers' ? 'markers' : undefined,
    round: round === undefined ? undefined : Number(round),
  };
}

const exportJsonSchemaDoc: ApiDoc = {
  operationId: 'getReviewExportJsonSchema',
  summary: 'The JSON Schema of a review export',
  description: 'The document that format=json sends and the import takes. See docs/review-export.md.',
  tag: 'Exports',
  access: 'none',
  responses: {
    200: { description: 'The JSON Schema', schema: reviewExportJsonSchemaDoc, contentType: 'application/schema+json' },
  },
};

const exportDoc: ApiDoc = {
  operationId: 'exportReview',
  summary: 'Export a whole review',
  description:
    'As Word (docx), Excel (xlsx), PDF, CSV or JSON. The JSON is the whole review (rounds, records, ' +
    'answers, evidence, comments, findings, actions, the written response and history); CSV is one row ' +
    'per marker of a round, or with table=actions one row per action. Every export is recorded in the ' +
    'audit log. The Content-Disposition header names the file after the review’s reference.',
  tag: 'Exports',
  access: 'read',
  parameters: [
    pathParam('id', 'The review’s ID'),
    {
      name: 'format',
      in: 'query',
      required: true,
      description: 'docx, xlsx, pdf, csv or json',
      schema: z.enum(['docx', 'xlsx', 'pdf', 'csv', 'json']),
    },
    {
      name: 'files',
      in: 'query',
      required: false,
      description: 'include: put evidence files in the JSON, base64-encoded (format=json only)',
      schema: z.enum(['include']),
    },
    {
      name: 'table',
      in: 'query',
      required: false,
      description: 'CSV only: markers (the default) or actions',
      schema: z.enum(['markers', 'actions']),
    },
    {
      name: 'round',
      in: 'query',
      required: false,
      description: 'CSV of markers only: the round’s number (the latest by default)',
      schema: z.string().regex(ROUND_NUMBER),
    },
  ],
  responses: {
    200: {
      description:
        'The export. With format=json this document; otherwise a file of type ' +
        'application/vnd.openxmlformats-officedocument.wordprocessingml.document, ' +
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet, application/pdf or text/csv',
      schema: reviewExportDoc,
    },
    400: { description: 'An unknown format, or an option that does not fit it', schema: errorSchema },
    ...unauthorised,
    404: { description: 'There is no such review in the partnership', schema: errorSchema },
  },
};

const importDoc: ApiDoc = {
  operationId: 'importReview',
  summary: 'Import a review exported as JSON',
  description:
    'Recreates the review in your partnership with new ids, in one transaction. Team members are matched ' +
    'to your partnership’s people by email, then name; the rest are left off and listed. People named ' +
    'elsewhere in the file are matched by name. Partnership admins and members may import; the body may ' +
    'be up to 64 MB.',
  tag: 'Exports',
  access: 'write',
  body: { description: 'A review export (format=json)', schema: reviewExportDoc },
  responses: {
    201: { description: 'The review was imported; Location gives its address', schema: importedReviewDoc },
    400: {
      description: 'The body is not JSON, or not a review export: every problem with its JSON pointer',
      schema: importProblemsDoc,
    },
    ...unauthorised,
    409: { description: 'Your partnership already has a review with that reference', schema: errorSchema },
  },
};

/** The Word, Excel and PDF builders (and docx, exceljs, pdfkit) load on the first export, not at start-up. */
async function sendExport(reply: FastifyReply, request: ExportRequest, { document, logo: stored }: LoadedExport) {
  const stem = fileStem(document.review.reference);
  const send = (body: Buffer | string, ext: keyof typeof CONTENT_TYPES, name = stem) =>
    reply.type(CONTENT_TYPES[ext]).header('Content-Disposition', `attachment; filename="${name}.${ext}"`).send(body);
  switch (request.format) {
    case 'docx':
      return send(
        await (await import('./export.docx.js')).buildReviewDocx(document, await printableLogo(stored)),
        'docx',
      );
    case 'xlsx':
      return send(await (await import('./export.xlsx.js')).buildReviewXlsx(document), 'xlsx');
    case 'pdf':
      return send(await (await import('./export.pdf.js')).buildReviewPdf(document, await printableLogo(stored)), 'pdf');
    case 'json':
      return send(JSON.stringify(document), 'json');
    case 'csv': {
      if (request.table === 'actions') return send(actionsCsv(document), 'csv', `${stem}-actions`);
      const body = markersCsv(document, request.round);
      if (body === undefined) throw new BadRequestError(`The review has no round ${request.round}`);
      const round = request.round ?? document.rounds.at(-1)?.number;
      return send(body, 'csv', `${stem}-markers${round ? `-round-${round}` : ''}`);
    }
  }
}

/** Exports of a whole review (API and signed-in pages), the import, and a round's meeting checklist. */
export const exportsRoutes: FastifyPluginAsync = async (app) => {
  const guard = { preHandler: requireAuth() };

  app.get('/api/v1/reviews/export.schema.json', { config: { api: exportJsonSchemaDoc } }, async (_request, reply) =>
    reply
      .type('application/schema+json; charset=utf-8')
      .header('Cache-Control', 'public, max-age=300')
      .send(reviewExportJsonSchema(app.config.publicUrl)),
  );

  const exportHandler = async (
    request: { params: { id: string }; query: ExportQuery } & Parameters<typeof partnershipActor>[0],
    reply: FastifyReply,
  ) => {
    const wanted = parseExportQuery(request.query);
    const loaded = await exportReview(
      app.db,
      app.frameworks,
      partnershipActor(request),
      request.params.id,
      wanted,
      app.now(),
    );
    return sendExport(reply, wanted, loaded);
  };
  app.get<{ Params: { id: string }; Querystring: ExportQuery }>(
    '/api/v1/reviews/:id/export',
    { ...guard, config: { api: exportDoc } },
    exportHandler,
  );
  app.get<{ Params: { id: string }; Querystring: ExportQuery }>('/reviews/:id/export', guard, exportHandler);

  // The import reads its JSON itself, so a body that is not JSON is answered like any other bad file.
  // (This plugin is encapsulated: the parser applies to its routes only, and only the import has a body.)
  app.addContentTypeParser(
    'application/json',
    { parseAs: 'string', bodyLimit: IMPORT_BODY_LIMIT_BYTES },
    (_request, body, done) => done(null, body),
  );

  app.post<{ Body: string }>(
    '/api/v1/reviews/import',
    {
      ...guard,
      config: { api: importDoc },
      bodyLimit: IMPORT_BODY_LIMIT_BYTES,
      // The app-wide answer to a body over the limit names the 1 MB of every other route; this route's
      // limit is its own. Every other error goes on to the app's error handler unchanged (Fastify hands
      // what a route's error handler throws to the next one).
      errorHandler: (error: FastifyError) => {
        if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') throw new HttpError(413, IMPORT_TOO_LARGE);
        throw error;
      },
    },
    async (request, reply) => {
      const result = await importReview(app.db, app.frameworks, partnershipActor(request), request.body, app.now());
      if (!result.ok) {
        return reply.code(400).send({
          error: { status: 400, message: 'The review cannot be imported: nothing was saved' },
          problems: result.problems,
        });
      }
      return reply.code(201).header('Location', `/api/v1/reviews/${result.reviewId}`).send({
        id: result.reviewId,
        reference: result.reference,
        droppedTeamMembers: result.droppedTeamMembers,
        unknownPeople: result.unknownPeople,
      });
    },
  );

  app.get<{ Params: { id: string; roundId: string }; Querystring: { filled?: string } }>(
    '/reviews/:id/rounds/:roundId/checklist.docx',
    guard,
    async (request, reply) => {
      const filled = request.query.filled ?? 'no';
      if (filled !== 'yes' && filled !== 'no') throw new BadRequestError('filled must be yes or no');
      const checklist = await roundChecklist(
        app.db,
        app.frameworks,
        partnershipActor(request),
        { reviewId: request.params.id, roundId: request.params.roundId },
        filled === 'yes',
        app.now(),
      );
      const name = `${fileStem(checklist.document.review.reference)}-round-${checklist.round.number}-checklist${filled === 'yes' ? '-filled' : ''}`;
      const { buildRoundChecklistDocx } = await import('./checklist.docx.js');
      return reply
        .type(CONTENT_TYPES.docx)
        .header('Content-Disposition', `attachment; filename="${name}.docx"`)
        .send(await buildRoundChecklistDocx(checklist));
    },
  );
};
