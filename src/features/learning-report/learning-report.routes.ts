import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { dateItems } from '../../lib/date-input.js';
import { BadRequestError } from '../../lib/errors.js';
import { errorList } from '../../lib/forms.js';
import { londonDate } from '../../lib/uk-time.js';
import { partnershipActor, requireAuth } from '../../plugins/auth.js';
import { extractCsv, trackerCsv } from './extract.csv.js';
import { previewOf } from './extract.model.js';
import { annualExtract, extractDownload, reportScope, trackerExport, type Period } from './learning-report.service.js';
import { parsePeriod, type ParsedPeriod } from './period.form.js';

type Query = Record<string, unknown>;
type QueryRequest = FastifyRequest<{ Querystring: Query }>;

/** Items a preview list shows; the downloads have them all. */
const PREVIEW_ITEMS = 10;

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/**
 * The yearly-report extract (a page with the period and a preview, and the same as Word and CSV) and the
 * tracker export, for partnership admins and the chairs and business managers of its reviews.
 */
export const learningReportRoutes: FastifyPluginAsync = async (app) => {
  const guard = { preHandler: requireAuth() };
  const today = () => londonDate(app.now());

  function attachment(reply: FastifyReply, type: string, name: string) {
    return reply
      .type(type)
      .header('Content-Disposition', `attachment; filename="${name}"`)
      .header('X-Content-Type-Options', 'nosniff');
  }

  /** The period of a download: 400 with the first message when it is wrong. */
  function downloadPeriod(request: QueryRequest): Period {
    const form = parsePeriod(request.query, today());
    if (!form.period) throw new BadRequestError(Object.values(form.errors).find(Boolean) ?? 'Enter the period');
    return form.period;
  }

  const links = (period: Period) => {
    const q = `?from=${period.from}&to=${period.to}`;
    return { docx: `/learning/annual-report.docx${q}`, csv: `/learning/annual-report.csv${q}` };
  };

  app.get<{ Querystring: Query }>('/learning/annual-report', guard, async (request, reply) => {
    const actor = partnershipActor(request);
    const form: ParsedPeriod = parsePeriod(request.query, today());
    // Refused before the form is checked: a person who may not see the extract learns nothing from it.
    await reportScope(app.db, actor);
    const extract = form.period ? previewOf(await annualExtract(app.db, actor, form.period), PREVIEW_ITEMS) : null;
    return reply.code(form.period ? 200 : 400).view('learning-report/annual-report.njk', {
      form,
      dateInputs: {
        from: dateItems(form.values.from, form.wrongParts.from),
        to: dateItems(form.values.to, form.wrongParts.to),
      },
      errors: form.errors,
      errorSummary: errorList(form.errors, form.errorTargets),
      extract,
      downloads: form.period ? links(form.period) : null,
    });
  });

  app.get<{ Querystring: Query }>('/learning/annual-report.docx', guard, async (request, reply) => {
    const actor = partnershipActor(request);
    await reportScope(app.db, actor);
    const period = downloadPeriod(request);
    const { extract, slug, logo } = await extractDownload(app.db, actor, period, 'docx', app.now());
    const { buildExtractDocx } = await import('./extract.docx.js');
    const body = await buildExtractDocx(extract, logo, app.now());
    return attachment(reply, DOCX, `yearly-report-extract-${slug}-${period.from}-to-${period.to}.docx`).send(body);
  });

  app.get<{ Querystring: Query }>('/learning/annual-report.csv', guard, async (request, reply) => {
    const actor = partnershipActor(request);
    await reportScope(app.db, actor);
    const period = downloadPeriod(request);
    const { extract, slug } = await extractDownload(app.db, actor, period, 'csv', app.now());
    const name = `yearly-report-extract-${slug}-${period.from}-to-${period.to}.csv`;
    return attachment(reply, 'text/csv; charset=utf-8', name).send(extractCsv(extract));
  });

  app.get('/learning/tracker.csv', guard, async (request, reply) => {
    const { slug, rows } = await trackerExport(app.db, partnershipActor(request), app.now());
    return attachment(reply, 'text/csv; charset=utf-8', `case-review-tracker-${slug}-${today()}.csv`).send(
      trackerCsv(rows),
    );
  });
};
