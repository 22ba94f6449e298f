import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { hasErrors } from '../../lib/forms.js';
import { actorOf, requireAuth } from '../../plugins/auth.js';
import { placeOf, type FrameworkProblem } from './framework.parse.js';
import { importFields, parseImportForm, type ImportForm } from './import.form.js';
import { importFrameworkFile, listImported, type ImportOutcome } from './imports.service.js';

/** The most problems listed on the page; a file with more is described by its first ones. */
export const MAX_LISTED_PROBLEMS = 300;
const FORM_FIELDS = new Set(['key', 'version', 'title', 'summary']);

/** Partnership admins: the partnership's imported frameworks, and importing a new one or a new version. */
export const frameworksAdminRoutes: FastifyPluginAsync = async (app) => {
  const admin = { preHandler: requireAuth({ roles: ['admin'] }) };
  const organisationOf = (req: FastifyRequest) => req.auth!.organisation!;

  app.get<{ Querystring: { imported?: string } }>('/admin/frameworks', admin, async (req, reply) => {
    const frameworks = await listImported(app.db, organisationOf(req).id);
    const [key, version] = String(req.query.imported ?? '').split('@');
    const framework = frameworks.find((f) => f.key === key);
    const imported = framework?.versions.some((v) => v.version === version) ? { framework, version } : undefined;
    return reply.view('frameworks/admin-list.njk', { frameworks, imported });
  });

  app.get('/admin/frameworks/import', admin, async (_req, reply) =>
    reply.view('frameworks/admin-import.njk', { values: {}, errors: {} }),
  );

  app.post('/admin/frameworks/import', admin, async (req, reply) => {
    const form = parseImportForm(req.body);
    if (hasErrors(form.errors) || !form.file) return renderProblems(reply, form);
    const organisation = organisationOf(req);
    const outcome = await importFrameworkFile(
      app.db,
      app.frameworks,
      organisation,
      {
        filename: form.file.filename,
        bytes: form.file.data,
        fields: importFields(form.values),
      },
      actorOf(req),
      app.now(),
    );
    if (!outcome.ok) return renderProblems(reply, form, outcome);
    return reply.redirect(`/admin/frameworks?imported=${outcome.framework.key}@${outcome.framework.version}`, 303);
  });
};

function capitalise(s: string) {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** The import form again, with a GOV.UK error summary listing every problem with its place. */
function renderProblems(reply: FastifyReply, form: ImportForm, outcome?: Extract<ImportOutcome, { ok: false }>) {
  const errors: Record<string, string> = { ...form.errors };
  const errorSummary: { text: string; href: string }[] = [];
  const problems: FrameworkProblem[] = outcome?.problems ?? [];
  const fromForm = outcome?.format === 'csv' || outcome?.format === 'xlsx';
  for (const p of problems.slice(0, MAX_LISTED_PROBLEMS)) {
    const place = placeOf(p);
    const byField = fromForm && !place && FORM_FIELDS.has(p.field);
    if (byField && !errors[p.field]) errors[p.field] = p.message;
    errorSummary.push({
      text: place ? `${capitalise(place)}: ${p.message}` : p.message,
      href: byField ? `#${p.field}` : '#file',
    });
  }
  if (problems.length > MAX_LISTED_PROBLEMS) {
    errorSummary.push({
      text: `And ${problems.length - MAX_LISTED_PROBLEMS} more problems`,
      href: '#file',
    });
  }
  for (const [field, text] of Object.entries(form.errors)) if (text) errorSummary.unshift({ text, href: `#${field}` });
  const fileProblems =
    problems.length - problems.filter((p) => fromForm && !placeOf(p) && FORM_FIELDS.has(p.field)).length;
  if (fileProblems > 0 && !errors.file) {
    errors.file = `${form.file?.filename || 'The file'} has ${fileProblems === 1 ? 'a problem' : `${fileProblems} problems`}: fix ${fileProblems === 1 ? 'it' : 'them'}, then select the file again`;
  }
  return reply.code(400).view('frameworks/admin-import.njk', {
    values: form.values,
    errors,
    errorSummary,
    filename: form.file?.filename,
    problemCount: problems.length,
  });
}
