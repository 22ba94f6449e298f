import { z } from 'zod';

/**
 * The shape of a framework file (YAML or JSON). Built-in frameworks and a
 * partnership's imported ones are both validated by this schema; the JSON
 * Schema for authors is generated from it.
 */

export const LIMITS = {
  fileBytes: 1024 * 1024,
  markers: 100,
  questionsPerMarker: 50,
  textChars: 5000,
} as const;

/** Marker keys that would clash with a framework's own pages (/frameworks/{key}/print …). */
export const RESERVED_MARKER_KEYS = ['print', 'versions'] as const;

const slug = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be lower-case letters, numbers and hyphens, like "family-involvement"');

const text = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(LIMITS.textChars, `must be ${LIMITS.textChars} characters or fewer`);

const semver = z.string().regex(/^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/, 'must be a version like "1.0.0"');

export const GUIDANCE_SECTIONS = [
  { key: 'why-it-matters', title: 'Why it matters' },
  { key: 'knowledge-base', title: 'What research and practice tell us' },
  { key: 'equality-and-diversity', title: 'Equality and diversity' },
  { key: 'statutory-and-inspection-links', title: 'Statutory guidance and inspection' },
  { key: 'common-obstacles', title: 'Common obstacles and how to tackle them' },
] as const;

export type GuidanceKey = (typeof GUIDANCE_SECTIONS)[number]['key'];

const guidanceSchema = z
  .strictObject({
    'why-it-matters': text.optional(),
    'knowledge-base': text.optional(),
    'equality-and-diversity': text.optional(),
    'statutory-and-inspection-links': text.optional(),
    'common-obstacles': text.optional(),
  })
  .default({});

/**
 * Where a question comes from: `published` restates, in other words, a question the publication asks;
 * `adapted` is drawn from the publication's statement, rationale or guidance, or from its sister
 * publication; `added` is the framework author's own. Required in the built-in frameworks
 * (framework.content-rules.ts), optional in a partnership's own.
 */
export const QUESTION_ORIGINS = ['published', 'adapted', 'added'] as const;
export type QuestionOrigin = (typeof QUESTION_ORIGINS)[number];

/** Said wherever a judgement scale or judgements appear: the published markers have no judgement scale. */
export const JUDGEMENT_NOTE =
  "The judgement scale is not part of the published markers: judgements are the partnership's own, recorded with Quality Markers.";

/** How a question's origin reads on the marker page, the print view and the Word checklist. */
export function originLabel(fw: { publisher: string }, origin: QuestionOrigin | undefined): string | undefined {
  if (origin === 'published') return 'From the publication';
  if (origin === 'adapted') return 'Adapted from the publication';
  if (origin === 'added') {
    return `Added by ${fw.publisher === 'Quality Markers project' ? 'Quality Markers' : fw.publisher}`;
  }
  return undefined;
}

const questionSchema = z.strictObject({
  key: slug.describe('Stable key, unique within its marker; never changes between versions'),
  text: text.describe('The question'),
  audiences: z.array(slug).min(1, 'must name at least one audience').describe('Keys of the audiences it is for'),
  origin: z
    .enum(QUESTION_ORIGINS, { error: 'must be published, adapted or added' })
    .optional()
    .describe(
      "Where the question comes from: published (a question the source publication asks, in other words), adapted (drawn from the publication but not one of its questions) or added (the author's own)",
    ),
});

const markerSchema = z.strictObject({
  key: slug.describe('Stable key, unique within the framework; never changes between versions'),
  number: z.number().int().positive().describe('1, 2, 3… in order through the whole framework'),
  title: text,
  statement: text.describe('The quality statement: what good looks like'),
  rationale: text.describe('Why it matters'),
  questions: z
    .array(questionSchema)
    .min(1, 'must have at least one question')
    .max(LIMITS.questionsPerMarker, `must have ${LIMITS.questionsPerMarker} questions or fewer`),
  guidance: guidanceSchema,
});

const stageSchema = z.strictObject({
  key: slug,
  title: text,
  summary: text.optional(),
  markers: z.array(markerSchema).min(1, 'must have at least one marker'),
});

const optionSchema = z.strictObject({ key: slug, label: text, description: text.optional() });

export const frameworkSchema = z
  .strictObject({
    key: slug.describe('Stable key of the framework, like "local-review-checks"; never changes'),
    version: semver.describe('Version like "1.2.0"; each import must be higher than the last'),
    title: text,
    summary: text,
    publisher: text,
    published: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date like "2026-11-25"'),
    source: z.strictObject({ name: text, url: z.url({ protocol: /^https?$/ }).optional(), note: text.optional() }),
    licence: text,
    audiences: z.array(optionSchema).min(1, 'must have at least one audience'),
    scale: z.array(optionSchema).min(2, 'must have at least two judgement options'),
    audienceNote: text
      .optional()
      .describe('Where the audience tags come from; shown as a hint by the audience filter on marker pages'),
    terminology: z.array(z.strictObject({ then: text, now: text })).optional(),
    stages: z.array(stageSchema).min(1, 'must have at least one stage'),
  })
  .superRefine((fw, ctx) => {
    const audienceKeys = new Set(fw.audiences.map((a) => a.key));
    const markerKeys = new Map<string, number>();
    let markerCount = 0;
    const stageKeys = new Set<string>();
    fw.stages.forEach((stage, s) => {
      if (stageKeys.has(stage.key)) {
        ctx.addIssue({ code: 'custom', path: ['stages', s, 'key'], message: `Stage key '${stage.key}' is used twice` });
      }
      stageKeys.add(stage.key);
      stage.markers.forEach((marker, m) => {
        markerCount += 1;
        const at = ['stages', s, 'markers', m];
        if ((RESERVED_MARKER_KEYS as readonly string[]).includes(marker.key)) {
          ctx.addIssue({
            code: 'custom',
            path: [...at, 'key'],
            message: `Marker key '${marker.key}' is kept for the framework's own pages: choose another`,
          });
        }
        if (markerKeys.has(marker.key)) {
          ctx.addIssue({ code: 'custom', path: [...at, 'key'], message: `Marker key '${marker.key}' is used twice` });
        }
        markerKeys.set(marker.key, marker.number);
        if (marker.number !== markerCount) {
          ctx.addIssue({
            code: 'custom',
            path: [...at, 'number'],
            message: `Marker '${marker.key}' should be number ${markerCount}: markers are numbered 1, 2, 3… in order`,
          });
        }
        const questionKeys = new Set<string>();
        marker.questions.forEach((q, i) => {
          if (questionKeys.has(q.key)) {
            ctx.addIssue({
              code: 'custom',
              path: [...at, 'questions', i, 'key'],
              message: `Question key '${q.key}' is used twice in marker '${marker.key}'`,
            });
          }
          questionKeys.add(q.key);
          q.audiences.forEach((a, j) => {
            if (!audienceKeys.has(a)) {
              ctx.addIssue({
                code: 'custom',
                path: [...at, 'questions', i, 'audiences', j],
                message: `Audience '${a}' is not one of the framework's audiences`,
              });
            }
          });
        });
      });
    });
    if (markerCount > LIMITS.markers) {
      ctx.addIssue({
        code: 'custom',
        path: ['stages'],
        message: `A framework can have at most ${LIMITS.markers} markers; this one has ${markerCount}`,
      });
    }
  });

export type FrameworkFile = z.infer<typeof frameworkSchema>;
export type Stage = FrameworkFile['stages'][number];
export type Marker = Stage['markers'][number];
export type Question = Marker['questions'][number];
export type Audience = FrameworkFile['audiences'][number];
