import type { FastifyInstance, FastifyPluginAsync, FastifyReply } from 'fastify';
import { NotFoundError } from '../../lib/errors.js';
import { errorList, hasErrors } from '../../lib/forms.js';
import { displayableFileName } from '../../lib/untrusted/file-type.js';
import { partnershipActor, requireAuth } from '../../plugins/auth.js';
import { ROUND_PAGE_LABELS } from './assessments.options.js';
import { getMarkerRecord } from './marker-records.service.js';
import { listComments } from './comments.service.js';
import {
  EVIDENCE_FIELD_IDS,
  EVIDENCE_FILE_LIMIT_BYTES,
  parseFileForm,
  parseLinkForm,
  parseNoteForm,
  type EvidenceForm,
} from './evidence.form.js';
import { addEvidence, deleteEvidence, getEvidenceFile, listEvidence, writableMarker } from './evidence.service.js';
import { frameworkOfRound, labelsOf, teamFor, type FrameworkCatalogue } from './overview.service.js';

export type MarkerParams = { id: string; roundId: string; markerKey: string };
type Actor = ReturnType<typeof partnershipActor>;

export const markerUrl = (p: MarkerParams) => `/reviews/${p.id}/rounds/${p.roundId}/markers/${p.markerKey}`;
export const markerIds = (p: MarkerParams) => ({ reviewId: p.id, roundId: p.roundId, markerKey: p.markerKey });

/**
 * Everything the marker page shows, as the assessments routes build it, so the evidence and comment
 * forms can show the page again with their errors or a conflict.
 */
export async function markerPage(app: FastifyInstance, catalogue: FrameworkCatalogue, p: MarkerParams, actor: Actor) {
  const view = await getMarkerRecord(app.db, actor, p.id, p.roundId, p.markerKey);
  const framework = await frameworkOfRound(app.db, actor, view.review, view.round, catalogue);
  const marker = framework.stages.flatMap((s) => s.markers).find((m) => m.key === p.markerKey);
  if (!marker) throw new NotFoundError();
  return {
    ...view,
    framework,
    marker,
    team: await teamFor(app.db, actor, p.id),
    labels: ROUND_PAGE_LABELS,
    judgementLabels: labelsOf(view.round),
    evidence: await listEvidence(app.db, actor, view),
    comments: await listComments(app.db, actor, view),
  };
}

/** Stored names are cleaned again here: a name kept before bidi and format characters were stripped. */
const attachment = (stored: string) => {
  const name = displayableFileName(stored) || 'evidence';
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
};

/**
 * Evidence on a marker: links, notes and files (PDF, Word, Excel, images; type checked by content).
 * Files are kept in the database and downloaded as attachments, never shown inline.
 */
export const evidenceRoutes: FastifyPluginAsync<{ catalogue: FrameworkCatalogue }> = async (app, { catalogue }) => {
  const base = '/reviews/:id/rounds/:roundId/markers/:markerKey/evidence';
  const guard = { preHandler: requireAuth() };

  const showErrors = async (reply: FastifyReply, p: MarkerParams, actor: Actor, form: EvidenceForm<unknown>) =>
    reply.code(400).view('assessments/marker.njk', {
      ...(await markerPage(app, catalogue, p, actor)),
      evidenceForm: form,
      errorSummary: errorList(form.errors, EVIDENCE_FIELD_IDS[form.kind]),
    });
  const done = (reply: FastifyReply, p: MarkerParams) => reply.redirect(`${markerUrl(p)}?saved#evidence`, 303);

  app.post<{ Params: MarkerParams }>(`${base}/link`, guard, async (request, reply) => {
    const actor = partnershipActor(request);
    const p = request.params;
    await writableMarker(app.db, actor, markerIds(p));
    const form = parseLinkForm(request.body);
    if (hasErrors(form.errors)) return showErrors(reply, p, actor, form);
    await addEvidence(app.db, actor, markerIds(p), { kind: 'link', ...form.values }, app.now());
    return done(reply, p);
  });

  app.post<{ Params: MarkerParams }>(`${base}/note`, guard, async (request, reply) => {
    const actor = partnershipActor(request);
    const p = request.params;
    await writableMarker(app.db, actor, markerIds(p));
    const form = parseNoteForm(request.body);
    if (hasErrors(form.errors)) return showErrors(reply, p, actor, form);
    await addEvidence(app.db, actor, markerIds(p), { kind: 'note', ...form.values }, app.now());
    return done(reply, p);
  });

  app.post<{ Params: MarkerParams }>(
    `${base}/file`,
    {
      // Refuse people who are not signed in before reading a large body; the full check runs after.
      onRequest: requireAuth(),
      preHandler: requireAuth(),
      // This route only: files up to 20 MB. Everywhere else the 1 MB limit stands.
      config: { multipartOptions: { limits: { fileSize: EVIDENCE_FILE_LIMIT_BYTES } } },
    },
    async (request, reply) => {
      const actor = partnershipActor(request);
      const p = request.params;
      await writableMarker(app.db, actor, markerIds(p));
      const form = await parseFileForm(request.body);
      if (hasErrors(form.errors) || !form.file) return showErrors(reply, p, actor, form);
      await addEvidence(
        app.db,
        actor,
        markerIds(p),
        { kind: 'file', title: form.values.title, fileName: form.file.filename, data: form.file.data },
        app.now(),
      );
      return done(reply, p);
    },
  );

  app.get<{ Params: MarkerParams & { evidenceId: string } }>(`${base}/:evidenceId`, guard, async (request, reply) => {
    const p = request.params;
    const file = await getEvidenceFile(app.db, partnershipActor(request), markerIds(p), p.evidenceId, app.now());
    return reply
      .header('Content-Disposition', attachment(file.fileName))
      .header('X-Content-Type-Options', 'nosniff')
      .header('Content-Security-Policy', "default-src 'none'; sandbox; frame-ancestors 'none'")
      .type(file.contentType)
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
      const page = await markerPage(app, catalogue, p, actor);
      const item = page.evidence.find((e) => e.id === p.evidenceId);
      if (!item) throw new NotFoundError();
      return reply.view('assessments/evidence-delete.njk', { ...page, item, markerUrl: markerUrl(p) });
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
