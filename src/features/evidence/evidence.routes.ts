import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { NotFoundError } from '../../lib/errors.js';
import { errorList, hasErrors } from '../../lib/forms.js';
import { displayableFileName } from '../../lib/untrusted/file-type.js';
import { partnershipActor, requireAuth } from '../../plugins/auth.js';
import {
  EVIDENCE_FIELD_IDS,
  EVIDENCE_FILE_LIMIT_BYTES,
  parseFileForm,
  parseLinkForm,
  parseNoteForm,
  type EvidenceForm,
} from './evidence.form.js';
import { addEvidence, deleteEvidence, getEvidenceFile, writableMarker, type NewEvidence } from './evidence.service.js';
import { markerIds, markerPage, markerUrl, type MarkerParams } from '../assessments/records/marker-page.service.js';

type Actor = ReturnType<typeof partnershipActor>;

/** Stored names are cleaned again here: a name kept before bidi and format characters were stripped. */
const attachment = (stored: string) => {
  const name = displayableFileName(stored) || 'evidence';
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
};

/**
 * Evidence on a marker: links, notes and files (PDF, Word, Excel, images, plain text; type checked by content).
 * Files are kept in the database and downloaded as attachments, never shown inline.
 */
export const evidenceRoutes: FastifyPluginAsync = async (app) => {
  const catalogue = app.frameworks;
  const base = '/reviews/:id/rounds/:roundId/markers/:markerKey/evidence';
  const guard = { preHandler: requireAuth() };

  const showErrors = async (reply: FastifyReply, p: MarkerParams, actor: Actor, form: EvidenceForm<unknown>) =>
    reply.code(400).view('assessments/records/marker.njk', {
      ...(await markerPage(app.db, actor, catalogue, p)),
      evidenceForm: form,
      errorSummary: errorList(form.errors, EVIDENCE_FIELD_IDS[form.kind]),
    });
  const done = (reply: FastifyReply, p: MarkerParams) => reply.redirect(`${markerUrl(p)}?saved#evidence`, 303);

  /** Adds the evidence a form describes, or shows the marker page again with the form's errors. */
  const add = async <F extends EvidenceForm<unknown>>(
    request: FastifyRequest<{ Params: MarkerParams }>,
    reply: FastifyReply,
    parse: (body: unknown) => F | Promise<F>,
    evidence: (form: F) => NewEvidence | undefined,
  ) => {
    const actor = partnershipActor(request);
    const p = request.params;
    await writableMarker(app.db, actor, markerIds(p));
    const form = await parse(request.body);
    const input = hasErrors(form.errors) ? undefined : evidence(form);
    if (!input) return showErrors(reply, p, actor, form);
    await addEvidence(app.db, actor, markerIds(p), input, app.now());
    return done(reply, p);
  };

  app.post<{ Params: MarkerParams }>(`${base}/link`, guard, (request, reply) =>
    add(request, reply, parseLinkForm, (form) => ({ kind: 'link', ...form.values })),
  );

  app.post<{ Params: MarkerParams }>(`${base}/note`, guard, (request, reply) =>
    add(request, reply, parseNoteForm, (form) => ({ kind: 'note', ...form.values })),
  );

  app.post<{ Params: MarkerParams }>(
    `${base}/file`,
    {
      // Refuse people who are not signed in before reading a large body; the full check runs after.
      onRequest: requireAuth(),
      preHandler: requireAuth(),
      // This route only: files up to 20 MB. Everywhere else the 1 MB limit stands.
      config: { multipartOptions: { limits: { fileSize: EVIDENCE_FILE_LIMIT_BYTES } } },
    },
    (request, reply) =>
      add(request, reply, parseFileForm, ({ values, file }) =>
        file ? { kind: 'file', title: values.title, fileName: file.filename, data: file.data } : undefined,
      ),
  );

  app.get<{ Params: MarkerParams & { evidenceId: string } }>(`${base}/:evidenceId`, guard, async (request, reply) => {
    const p = request.params;
    const file = await getEvidenceFile(app.db, partnershipActor(request), markerIds(p), p.evidenceId, app.now());
    return reply
      .header('Content-Disposition', attachment(file.fileName))
      .header('X-Content-Type-Options', 'nosniff')
      .header('Content-Security-Policy', "default-src 'none'; sandbox; frame-ancestors 'none'")
      .type(file.contentType === 'text/plain' ? 'text/plain; charset=utf-8' : file.contentType)
      .send(file.content);
  });

  // Deleting asks first (WCAG 3.3.4): the page names what goes, and the button on it deletes.
  app.get<{ Params: MarkerParams & { evidenceId: string } }>(
    `${base}/:evidenceId/delete`,
    guard,
    async (request, reply) => {
      const actor = partnershipActor(request);
      const p = request.params;
      await writableMarker(app.db, actor, markerIds(p));
      const page = await markerPage(app.db, actor, catalogue, p);
      const item = page.evidence.find((e) => e.id === p.evidenceId);
      if (!item) throw new NotFoundError();
      return reply.view('evidence/evidence-delete.njk', { ...page, item, markerUrl: markerUrl(p) });
    },
  );

  app.post<{ Params: MarkerParams & { evidenceId: string } }>(
    `${base}/:evidenceId/delete`,
    guard,
    async (request, reply) => {
      const p = request.params;
      await deleteEvidence(app.db, partnershipActor(request), markerIds(p), p.evidenceId, app.now());
      return done(reply, p);
    },
  );
};
