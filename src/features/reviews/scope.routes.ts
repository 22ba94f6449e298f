import type { FastifyPluginAsync } from 'fastify';
import { errorList, hasErrors } from '../../lib/forms.js';
import { formatDateTime } from '../../lib/uk-time.js';
import { partnershipActor, requireAuth } from '../../plugins/auth.js';
import { parseScopeSection } from './scope.form.js';
import {
  getScope,
  getScopeSection,
  saveScopeSection,
  SCOPE_TEXT_LIMIT,
  termsOfReference,
  type ScopeRecord,
} from './scope.service.js';

type IdParams = { id: string };
type SectionParams = { id: string; section: string };

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** Scope and terms of reference: the sections, editing one, and the draft Word document. */
export const scopeRoutes: FastifyPluginAsync = async (app) => {
  const guard = { preHandler: requireAuth() };

  app.get<{ Params: IdParams; Querystring: { saved?: string } }>(
    '/reviews/:id/scope',
    guard,
    async (request, reply) => {
      const scope = await getScope(app.db, app.frameworks, partnershipActor(request), request.params.id);
      const saved = scope.sections.find((s) => s.key === request.query.saved);
      return reply.view('reviews/scope.njk', {
        ...scope,
        sections: scope.sections.map((s) => ({ ...s, updatedText: s.updatedAt ? formatDateTime(s.updatedAt) : null })),
        saved: saved?.title,
      });
    },
  );

  app.get<{ Params: IdParams }>('/reviews/:id/scope/terms-of-reference.docx', guard, async (request, reply) => {
    const terms = await termsOfReference(
      app.db,
      app.frameworks,
      partnershipActor(request),
      request.params.id,
      app.now(),
    );
    // The Word builder (and docx) load on first download, not at start-up.
    const { buildTermsOfReferenceDocx, termsOfReferenceFileName } = await import('./terms-of-reference.docx.js');
    const buffer = await buildTermsOfReferenceDocx(terms);
    return reply
      .type(DOCX)
      .header('Content-Disposition', `attachment; filename="${termsOfReferenceFileName(terms.review.reference)}"`)
      .send(buffer);
  });

  app.get<{ Params: SectionParams }>('/reviews/:id/scope/:section', guard, async (request, reply) => {
    const { review, section } = await getScopeSection(
      app.db,
      app.frameworks,
      partnershipActor(request),
      request.params.id,
      request.params.section,
    );
    return reply.view('reviews/scope-section.njk', {
      review,
      section,
      values: { text: section.text },
      version: section.version,
      limit: SCOPE_TEXT_LIMIT,
      errors: {},
    });
  });

  app.post<{ Params: SectionParams }>('/reviews/:id/scope/:section', guard, async (request, reply) => {
    const actor = partnershipActor(request);
    const { review, section } = await getScopeSection(
      app.db,
      app.frameworks,
      actor,
      request.params.id,
      request.params.section,
      { audit: false },
    );
    const form = parseScopeSection(request.body, SCOPE_TEXT_LIMIT);
    const page = { review, section, values: form.values, limit: SCOPE_TEXT_LIMIT };
    if (hasErrors(form.errors)) {
      return reply.code(400).view('reviews/scope-section.njk', {
        ...page,
        version: form.version,
        errors: form.errors,
        errorSummary: errorList(form.errors),
      });
    }
    const result = await saveScopeSection(
      app.db,
      actor,
      review.id,
      section.key,
      form.version,
      form.values.text,
      app.now(),
    );
    if (!result.ok) {
      return reply.code(409).view('reviews/scope-section.njk', {
        ...page,
        version: Number(result.conflict.version),
        theirs: theirVersion(result.conflict),
        errors: {},
      });
    }
    return reply.redirect(`/reviews/${review.id}/scope?saved=${section.key}#${section.key}`, 303);
  });
};

function theirVersion(record: ScopeRecord) {
  return {
    text: record.text,
    savedAt: Number(record.version) > 0 ? formatDateTime(record.updated_at) : null,
  };
}
