import type { FastifyError, FastifyPluginAsync, FastifyReply } from 'fastify';
import { BadRequestError, HttpError } from '../../lib/errors.js';
import { partnershipActor, requireAuth } from '../../plugins/auth.js';
import { actionsCsv, markersCsv } from './export.csv.js';
import { CONTENT_TYPES, fileStem } from './export.labels.js';
import {
  exportReview,
  isExportFormat,
  roundChecklist,
  type ExportRequest,
  type FrameworkCatalogue,
  type LoadedExport,
} from './exports.service.js';
import { IMPORT_BODY_LIMIT_BYTES, importReview } from './import.service.js';
import { reviewExportJsonSchema } from './review-export.schema.js';
import { printableLogo } from './logo-print.js';

/** The answer to an import over the route's own body limit (64 MB), naming that limit. */
export const IMPORT_TOO_LARGE = `The review file is too large: it must be ${IMPORT_BODY_LIMIT_BYTES / (1024 * 1024)} MB or smaller: export the review again without its files`;

export interface ExportsRoutesOptions {
  catalogue: FrameworkCatalogue;
}

type ExportQuery = { format?: string; files?: string; table?: string; round?: string };

/** What the query asks for, or a 400 that says what is wrong with it. */
export function parseExportQuery(query: ExportQuery): ExportRequest {
  const { format, files, table, round } = query;
  if (!isExportFormat(format)) throw new BadRequestError('format must be one of docx, xlsx, pdf, csv or json');
  if (files !== undefined && files !== 'include') throw new BadRequestError('files must be include, or left out');
  if (files && format !== 'json') throw new BadRequestError('files=include works with format=json only');
  if (table !== undefined && (format !== 'csv' || (table !== 'markers' && table !== 'actions'))) {
    throw new BadRequestError('table must be markers or actions, with format=csv');
  }
  if (round !== undefined && (format !== 'csv' || !/^[1-9]\d{0,3}$/.test(round))) {
    throw new BadRequestError('round must be a round number, with format=csv');
  }
  return {
    format,
    files: files === 'include',
    table: table === 'actions' ? 'actions' : table === 'markers' ? 'markers' : undefined,
    round: round === undefined ? undefined : Number(round),
  };
}

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
export const exportsRoutes: FastifyPluginAsync<ExportsRoutesOptions> = async (app, { catalogue }) => {
  const guard = { preHandler: requireAuth() };

  app.get('/api/v1/reviews/export.schema.json', async (_request, reply) =>
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
      catalogue,
      partnershipActor(request),
      request.params.id,
      wanted,
      app.now(),
    );
    return sendExport(reply, wanted, loaded);
  };
  app.get<{ Params: { id: string }; Querystring: ExportQuery }>('/api/v1/reviews/:id/export', guard, exportHandler);
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
      bodyLimit: IMPORT_BODY_LIMIT_BYTES,
      // The app-wide answer to a body over the limit names the 1 MB of every other route; this route's
      // limit is its own. Every other error goes on to the app's error handler unchanged.
      errorHandler: async (error: FastifyError) => {
        if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') throw new HttpError(413, IMPORT_TOO_LARGE);
        throw error;
      },
    },
    async (request, reply) => {
      const result = await importReview(app.db, catalogue, partnershipActor(request), request.body, app.now());
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
        catalogue,
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
