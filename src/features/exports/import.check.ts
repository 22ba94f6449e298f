/**
 * Checks an import document beyond its shape: every key it uses is in the pinned framework, every
 * reference between its records points at a record it holds, and nothing that must be unique is
 * repeated. Each problem is located by a JSON pointer (RFC 6901) into the document.
 */
import { createHash } from 'node:crypto';
import {
  EVIDENCE_FILE_LIMIT_BYTES,
  EVIDENCE_FILE_LIMIT_TEXT,
  EVIDENCE_KINDS_TEXT,
  sniffFileType,
} from '../../lib/untrusted/file-type.js';
import type { FrameworkFile } from '../frameworks/framework.schema.js';
import { checkStatutory, statutoryIds } from './import.check.statutory.js';
import type { ExportHistory, ReviewExport } from './review-export.schema.js';

export interface ImportProblem {
  /** A JSON pointer to the value, like /rounds/0/markers/3/judgement ("" is the whole document) */
  path: string;
  message: string;
}

export function pointer(path: readonly PropertyKey[]): string {
  return path.map((p) => `/${String(p).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

/**
 * `framework` is the review's pinned version; `roundFrameworks` the version each round was made with, by
 * version (a round keeps an older version after the review moves on).
 */
export function checkImport(
  doc: ReviewExport,
  framework: FrameworkFile | undefined,
  roundFrameworks: ReadonlyMap<string, FrameworkFile | undefined> = new Map(),
): ImportProblem[] {
  const problems: ImportProblem[] = [];
  const add = (path: PropertyKey[], message: string) => problems.push({ path: pointer(path), message });
  noNulCharacters(doc, [], add);

  // Every id is unique in the document, so references between records are unambiguous.
  const ids = new Map<string, string>();
  const idOf = (
    id: string,
    type: ExportHistory['recordType'] | 'evidence' | 'progress' | 'statutory',
    path: PropertyKey[],
  ) => {
    if (ids.has(id)) add([...path, 'id'], `The id ${id} is used by more than one record`);
    else ids.set(id, type);
  };
  idOf(doc.review.id, 'review', ['review']);
  doc.scope.forEach((s, i) => idOf(s.id, 'review_scope', ['scope', i]));
  doc.rounds.forEach((r, i) => {
    idOf(r.id, 'assessment_round', ['rounds', i]);
    r.markers.forEach((m, j) => {
      idOf(m.id, 'marker_record', ['rounds', i, 'markers', j]);
      m.answers.forEach((a, k) => idOf(a.id, 'question_response', ['rounds', i, 'markers', j, 'answers', k]));
      m.evidence.forEach((e, k) => idOf(e.id, 'evidence', ['rounds', i, 'markers', j, 'evidence', k]));
      m.comments.forEach((c, k) => idOf(c.id, 'comment', ['rounds', i, 'markers', j, 'comments', k]));
    });
  });
  doc.findings.forEach((f, i) => idOf(f.id, 'finding', ['findings', i]));
  doc.actions.forEach((a, i) => {
    idOf(a.id, 'action', ['actions', i]);
    a.progress.forEach((p, j) => idOf(p.id, 'progress', ['actions', i, 'progress', j]));
  });
  if (doc.writtenResponse) idOf(doc.writtenResponse.id, 'written_response', ['writtenResponse']);
  statutoryIds(doc).forEach((s) => idOf(s.id, 'statutory', s.path));
  checkStatutory(doc, add);

  const markers = new Map((framework?.stages ?? []).flatMap((s) => s.markers).map((m) => [m.key, m] as const));
  if (!framework) {
    add(['framework', 'version'], `There is no framework ${doc.framework.key} version ${doc.framework.version} here`);
  }
  const knownMarker = (key: string, path: PropertyKey[]) => {
    if (framework && !markers.has(key)) add(path, `The framework has no marker ${key}`);
  };

  unique(
    doc.scope.map((s) => s.section),
    (i) => add(['scope', i, 'section'], 'This section is given twice'),
  );
  unique(
    doc.rounds.map((r) => String(r.number)),
    (i) => add(['rounds', i, 'number'], 'Another round has this number'),
  );
  doc.rounds.forEach((round, i) => {
    const own =
      round.frameworkVersion === doc.framework.version ? framework : roundFrameworks.get(round.frameworkVersion);
    if (framework && !own) {
      add(
        ['rounds', i, 'frameworkVersion'],
        `There is no framework ${doc.framework.key} version ${round.frameworkVersion} here`,
      );
    }
    const roundMarkers = new Map((own?.stages ?? []).flatMap((s) => s.markers).map((m) => [m.key, m] as const));
    if (round.copiedFrom !== null && ids.get(round.copiedFrom) !== 'assessment_round') {
      add(['rounds', i, 'copiedFrom'], 'This is not the id of a round in the document');
    }
    const scale = new Set(round.scale.map((o) => o.key));
    unique(
      round.markers.map((m) => m.markerKey),
      (j) => add(['rounds', i, 'markers', j, 'markerKey'], 'This marker is given twice in the round'),
    );
    round.markers.forEach((m, j) => {
      const at = ['rounds', i, 'markers', j];
      if (own && !roundMarkers.has(m.markerKey))
        add([...at, 'markerKey'], `The framework has no marker ${m.markerKey}`);
      // An empty judgement is "not yet judged", the starting state on a scale without not-yet-assessed.
      if (m.judgement !== '' && !scale.has(m.judgement))
        add([...at, 'judgement'], `The judgement must be one of the round’s scale: ${[...scale].join(', ')}`);
      const questions = new Set(roundMarkers.get(m.markerKey)?.questions.map((q) => q.key) ?? []);
      unique(
        m.answers.map((a) => a.questionKey),
        (k) => add([...at, 'answers', k, 'questionKey'], 'This question is answered twice'),
      );
      m.answers.forEach((a, k) => {
        if (own && roundMarkers.has(m.markerKey) && !questions.has(a.questionKey)) {
          add([...at, 'answers', k, 'questionKey'], `Marker ${m.markerKey} has no question ${a.questionKey}`);
        }
      });
      m.evidence.forEach((e, k) => checkEvidence(e, [...at, 'evidence', k], add));
    });
  });

  unique(
    doc.findings.map((f) => `${f.kind}/${f.number}`),
    (i) => add(['findings', i, 'number'], `Another ${doc.findings[i]!.kind} has this number`),
  );
  doc.findings.forEach((f, i) => f.markerKeys.forEach((k, j) => knownMarker(k, ['findings', i, 'markerKeys', j])));
  unique(
    doc.actions.map((a) => String(a.number)),
    (i) => add(['actions', i, 'number'], 'Another action has this number'),
  );
  doc.actions.forEach((a, i) => {
    if (a.findingId !== null && ids.get(a.findingId) !== 'finding')
      add(['actions', i, 'findingId'], 'This is not the id of a finding in the document');
    if (a.markerKey !== null) knownMarker(a.markerKey, ['actions', i, 'markerKey']);
  });
  doc.writtenResponse?.actionIds.forEach((id, i) => {
    if (ids.get(id) !== 'action')
      add(['writtenResponse', 'actionIds', i], 'This is not the id of an action in the document');
  });
  unique(doc.writtenResponse?.actionIds ?? [], (i) =>
    add(['writtenResponse', 'actionIds', i], 'This action is given twice'),
  );

  unique(
    doc.history.map((h) => `${h.recordType}/${h.recordId}/${h.version}`),
    (i) => add(['history', i, 'version'], 'This version of the record is given twice'),
  );
  doc.history.forEach((h, i) => {
    if (ids.get(h.recordId) !== h.recordType)
      add(['history', i, 'recordId'], `This is not the id of a ${h.recordType} in the document`);
  });
  return problems;
}

type Add = (path: PropertyKey[], message: string) => void;

function checkEvidence(
  e: ReviewExport['rounds'][number]['markers'][number]['evidence'][number],
  at: PropertyKey[],
  add: Add,
) {
  if (e.kind === 'link' && !/^https:\/\//i.test(e.url ?? '')) add([...at, 'url'], 'A link must start https://');
  if (e.kind === 'note' && e.note === null) add([...at, 'note'], 'A note must have its text');
  if (e.content === undefined) return;
  if (e.kind !== 'file') {
    add([...at, 'content'], 'Only a file has content');
    return;
  }
  // The same checks as an upload: the same size limit, and the type decided by the bytes alone.
  const bytes = Buffer.from(e.content, 'base64');
  if (bytes.length > EVIDENCE_FILE_LIMIT_BYTES)
    add([...at, 'content'], `The file ‘${e.title}’ must be smaller than ${EVIDENCE_FILE_LIMIT_TEXT}`);
  else if (!sniffFileType(bytes)) add([...at, 'content'], `The file ‘${e.title}’ must be ${EVIDENCE_KINDS_TEXT}`);
  const sha = createHash('sha256').update(bytes).digest('hex');
  if (e.sha256 !== null && e.sha256 !== sha) add([...at, 'sha256'], 'The file’s SHA-256 does not match its content');
  if (!e.contentType) add([...at, 'contentType'], 'A file must have its content type');
}

/** PostgreSQL text cannot hold the NUL character: refuse it anywhere rather than fail halfway. */
function noNulCharacters(value: unknown, path: PropertyKey[], add: Add) {
  if (typeof value === 'string') {
    if (value.includes('\u0000')) add(path, 'Text must not contain the NUL character');
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => noNulCharacters(v, [...path, i], add));
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) noNulCharacters(v, [...path, k], add);
  }
}

/** Calls `dup` with the index of every value seen before. */
function unique(values: readonly string[], dup: (index: number) => void) {
  const seen = new Set<string>();
  values.forEach((v, i) => (seen.has(v) ? dup(i) : seen.add(v)));
}
