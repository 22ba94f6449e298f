import type { FastifyPluginAsync } from 'fastify';
import { firstValue } from '../../lib/forms.js';
import { partnershipActor, requireAuth } from '../../plugins/auth.js';
import { describeProblem } from './import.rows.js';
import { importActions, importPage, importTemplate } from './import.service.js';
import { MAX_IMPORT_ROWS } from './import.sheet.js';

type IdParams = { id: string };

/** The most problems listed; a file with more is described by its first ones. */
const MAX_LISTED = 100;
const LIMIT_TEXT = '1 MB';

interface Upload {
  filename: string;
  data: Buffer;
  truncated: boolean;
}

function uploadOf(body: unknown): Upload | undefined {
  const value = body && typeof body === 'object' ? (body as Record<string, unknown>).file : undefined;
  const first = firstValue(value);
  if (!first || typeof first !== 'object') return undefined;
  const { filename, data, truncated } = first as Partial<Upload>;
  if (typeof filename !== 'string' || !Buffer.isBuffer(data)) return undefined;
  return { filename, data, truncated: truncated === true };
}

/** Importing a review's actions from a CSV or XLSX file, and the template to fill in. */
export const importRoutes: FastifyPluginAsync = async (app) => {
  const guard = { preHandler: requireAuth() };
  const limits = { maxRows: MAX_IMPORT_ROWS, maxSize: LIMIT_TEXT };

  app.get<{ Params: IdParams }>('/reviews/:id/actions/import', guard, async (request, reply) => {
    const page = await importPage(app.db, partnershipActor(request), request.params.id);
    return reply.view('actions/import.njk', { ...page, ...limits, errors: {} });
  });

  app.get<{ Params: IdParams }>('/reviews/:id/actions/import/template.csv', guard, async (request, reply) => {
    const csv = await importTemplate(app.db, partnershipActor(request), request.params.id);
    return reply
      .type('text/csv; charset=utf-8')
      .header('Content-Disposition', 'attachment; filename="actions-template.csv"')
      .send(csv);
  });

  app.post<{ Params: IdParams }>('/reviews/:id/actions/import', guard, async (request, reply) => {
    const actor = partnershipActor(request);
    const page = await importPage(app.db, actor, request.params.id);
    const file = uploadOf(request.body);
    const fail = (fileError: string, problems: string[] = []) => {
      const shown = problems.slice(0, MAX_LISTED);
      if (problems.length > MAX_LISTED) shown.push(`And ${problems.length - MAX_LISTED} more problems`);
      const errorSummary = (problems.length ? shown : [fileError]).map((text) => ({ text, href: '#file' }));
      return reply.code(400).view('actions/import.njk', {
        ...page,
        ...limits,
        errors: { file: fileError },
        errorSummary,
        filename: file?.filename,
      });
    };
    if (!file || (!file.filename && file.data.length === 0)) return fail('Select a CSV or XLSX file');
    if (file.truncated) return fail(`The selected file must be ${LIMIT_TEXT} or smaller`);
    if (file.data.length === 0) return fail('The selected file is empty');
    const result = await importActions(app.db, app.frameworks, actor, page.review.id, file, app.now());
    if (!result.ok) {
      const n = result.problems.length;
      return fail(
        `${file.filename || 'The file'} has ${n === 1 ? 'a problem' : `${n} problems`} and nothing was imported: fix ${n === 1 ? 'it' : 'them'}, then select the file again`,
        result.problems.map(describeProblem),
      );
    }
    return reply.redirect(`/reviews/${page.review.id}/actions?imported=${result.count}`, 303);
  });
};
