import { Readable } from 'node:stream';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { dateItems } from '../../lib/date-input.js';
import { BadRequestError } from '../../lib/errors.js';
import { errorList, hasErrors } from '../../lib/forms.js';
import { londonDate } from '../../lib/uk-time.js';
import { actorOf, requireAuth } from '../../plugins/auth.js';
import { filterQuery, parseAuditFilter } from './audit.form.js';
import {
  AUDIT_PAGE_SIZE,
  auditActions,
  auditCsv,
  auditPage,
  auditPeople,
  recordAuditDownload,
  type AuditQuery,
} from './audit.service.js';

type Query = Record<string, unknown>;

const adminOnly = { preHandler: requireAuth({ roles: ['admin'] }) };

/** The partnership's audit log for its admins: filter, page through, download as CSV. */
export const auditRoutes: FastifyPluginAsync = async (app) => {
  async function filters(request: FastifyRequest<{ Querystring: Query }>) {
    const organisationId = request.auth!.organisation!.id;
    const [people, actions] = await Promise.all([
      auditPeople(app.db, organisationId),
      auditActions(app.db, organisationId),
    ]);
    const form = parseAuditFilter(
      request.query,
      people.map((p) => p.id),
      actions,
    );
    const query: AuditQuery = {
      organisationId,
      userId: form.values.person || undefined,
      action: form.values.action || undefined,
      from: form.fromIso,
      to: form.toIso,
    };
    return { people, actions, form, query };
  }

  app.get<{ Querystring: Query }>('/admin/audit', adminOnly, async (request, reply) => {
    const { people, actions, form, query } = await filters(request);
    const failed = hasErrors(form.errors);
    const page = form.values.page;
    const result = failed ? { rows: [], hasNext: false } : await auditPage(app.db, query, page);
    return reply.code(failed ? 400 : 200).view('audit/audit.njk', {
      people,
      actions,
      values: form.values,
      errors: form.errors,
      dateInputs: {
        from: dateItems(form.values.from, form.wrongParts.from),
        to: dateItems(form.values.to, form.wrongParts.to),
      },
      errorSummary: errorList(form.errors, form.errorTargets),
      rows: result.rows,
      failed,
      firstShown: (page - 1) * AUDIT_PAGE_SIZE + 1,
      lastShown: (page - 1) * AUDIT_PAGE_SIZE + result.rows.length,
      previousHref: page > 1 ? `/admin/audit${filterQuery(form.values, page - 1)}` : undefined,
      nextHref: result.hasNext ? `/admin/audit${filterQuery(form.values, page + 1)}` : undefined,
      page,
      csvHref: `/admin/audit.csv${filterQuery(form.values)}`,
      filtered: filterQuery(form.values) !== '',
    });
  });

  app.get<{ Querystring: Query }>('/admin/audit.csv', adminOnly, async (request, reply) => {
    const { form, query } = await filters(request);
    const first = Object.values(form.errors).find(Boolean);
    if (first) throw new BadRequestError(first);
    await recordAuditDownload(app.db, actorOf(request), query, app.now());
    const day = londonDate(app.now());
    const name = `audit-log-${request.auth!.organisation!.slug}-${day}.csv`;
    return reply
      .type('text/csv; charset=utf-8')
      .header('Content-Disposition', `attachment; filename="${name}"`)
      .header('X-Content-Type-Options', 'nosniff')
      .compress(Readable.from(auditCsv(app.db, query)));
  });
};
