import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, exportsWorld, seed, type ExportsWorld } from '../../../test/helpers/exports-world.js';
import { seedStatutoryPath } from '../../../test/helpers/statutory-path.js';
import { has, squash, xml } from './exports.fixture.js';
import { reviewExportSchema } from './review-export.schema.js';
import { reviewDetailSchema } from '../reviews/api.schemas.js';

// The statutory path in every export of a children's review (notification, rapid review, LCSPR decision) and
// of a safeguarding adult review (s44 referral, mandatory SAR), which must never show a children's step.
let w: ExportsWorld;
const ids = { children: '', adult: '' };
const tmp = mkdtempSync(join(tmpdir(), 'qm-statutory-'));

beforeAll(async () => {
  w = await exportsWorld();
  for (const kind of ['children', 'adult'] as const) {
    const { review } = await seed(w, { reference: `${kind} 1`, rounds: 1, answersPerMarker: 0, actions: 0 });
    await seedStatutoryPath(
      w.t.testDb.db,
      { organisationId: w.orgA.id, reviewId: review.id, userId: w.manager.id },
      kind,
    );
    ids[kind] = review.id;
  }
});
afterAll(async () => {
  rmSync(tmp, { recursive: true, force: true });
  await w.t.close();
});

const exportOf = (kind: keyof typeof ids, format: string) =>
  call(w, `/api/v1/reviews/${ids[kind]}/export?format=${format}`, w.tokens.a);

async function wordText(kind: keyof typeof ids) {
  const zip = await JSZip.loadAsync((await exportOf(kind, 'docx')).rawPayload);
  return zip.file('word/document.xml')!.async('string');
}
async function pdfText(kind: keyof typeof ids) {
  const file = join(tmp, `${kind}.pdf`);
  writeFileSync(file, (await exportOf(kind, 'pdf')).rawPayload);
  return squash(execFileSync('/usr/bin/pdftotext', [file, '-'], { encoding: 'utf8' }));
}
async function sheetText(kind: keyof typeof ids) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await exportOf(kind, 'xlsx')).rawPayload as unknown as ArrayBuffer);
  const rows = wb.getWorksheet('Statutory path')!.getSheetValues().slice(2) as unknown[][];
  return {
    rows: rows.map((r) => r.slice(1).map(String)),
    all: JSON.stringify([wb.getWorksheet('Review summary')!.getSheetValues(), rows]),
  };
}

/** What a children's review's exports say, in the words people read. */
const CHILDREN_WORDS = [
  'Where this review came from',
  'Reviewer named to the Panel',
  'Dr R. Reviewer',
  'Serious incident notification (child)',
  'Anytown Children’s Services',
  'Rapid review due',
  'Anytown Health Trust',
  '20 March 2026 (late)',
  'Hold a local child safeguarding practice review',
  'Police and health held different pictures',
  'Tell Ofsted',
  'Statutory timescales',
  'Extended to 31 December 2026, agreed with the Panel on 20 March 2026',
  'Status history',
  'Setting up to Running',
  'Terms of reference agreed on 30 April 2026.',
  'Rule overridden; missing at the time: the written response is not agreed.',
  'Publication',
  'Publish the full report',
  'Done on 5 October 2026 by a legal adviser',
  'Learning briefing for designated safeguarding leads',
];
const INTERNAL_KEYS = [
  'serious-incident-notification',
  's44-referral',
  'local-cspr',
  'sar-mandatory',
  'legal-adviser',
  'improvements-only',
  'set-up',
];
/** A children's step or notice: never in a safeguarding adult review's exports. */
const CHILDREN_STEPS = [
  'Notification',
  'Rapid review',
  'Panel response',
  'Tell Ofsted',
  'Agency summaries',
  'Secretary of State',
];

describe('the statutory path in a review’s exports', () => {
  it('is in the JSON: origin, status moves and publication, matching the schema', async () => {
    const doc = reviewExportSchema.parse((await exportOf('children', 'json')).json());
    expect(doc.formatVersion).toBe(3);
    expect(doc.origin!.decision!.outcome).toBe('lcspr');
    expect(doc.review.reviewerNamedToPanel).toBe('Dr R. Reviewer');
    expect(doc.statusHistory!.map((s) => s.to)).toEqual(['running', 'outputs']);
    expect(doc.publication!.events.map((e) => e.description)).toEqual([
      'Learning briefing for designated safeguarding leads',
    ]);
    const adult = reviewExportSchema.parse((await exportOf('adult', 'json')).json());
    expect(adult.origin).toMatchObject({ route: 's44-referral', rapidReview: null });
    expect(adult.review.timescales.map((t) => t.key)).toEqual(['sar-decision', 'sar-completion', 'publication']);
  });

  it('is in the API’s review: status moves, publication and clock changes, in the declared schema', async () => {
    const res = await call(w, `/api/v1/reviews/${ids.children}`, w.tokens.a);
    expect(res.statusCode).toBe(200);
    const review = reviewDetailSchema.parse(res.json());
    expect(review.statusHistory.map((s) => [s.from, s.to, s.termsAgreedOn])).toEqual([
      ['set-up', 'running', '2026-04-30'],
      ['running', 'outputs', null],
    ]);
    expect(review.publication).toMatchObject({ decision: 'full', copiesCheck: 'met', version: 2 });
    expect(review.publication.events.map((e) => e.heldOn)).toEqual(['2026-11-02']);
    const rapid = review.timescales.find((t) => t.key === 'rapid-review')!;
    expect(rapid.changes).toMatchObject([{ kind: 'extension', newDueDate: '2026-12-31', agreedBy: 'the Panel' }]);
  });

  it('is in Word, PDF and Excel in plain words, never internal keys', async () => {
    const word = await wordText('children');
    const pdf = await pdfText('children');
    const sheet = await sheetText('children');
    const flat = sheet.rows.map((r) => r.join(' ')).join('\n');
    for (const words of CHILDREN_WORDS) {
      has(word, xml(words));
      has(pdf, squash(words));
      if (words !== 'Where this review came from' || flat.includes(words)) has(flat, words);
    }
    expect(sheet.rows).toContainEqual([
      'Where this review came from',
      'Decision',
      'Hold a local child safeguarding practice review',
    ]);
    const body = word.slice(word.indexOf('</w:sdtContent>'));
    const path = pdf.slice(pdf.indexOf('Where this review came from'), pdf.indexOf('Round 1: '));
    for (const key of INTERNAL_KEYS) {
      expect(body.includes(`>${key}<`) || body.includes(` ${key} `), `Word shows ${key}`).toBe(false);
      expect(path.includes(` ${key} `), `PDF shows ${key}`).toBe(false);
      expect(flat.includes(key), `Excel shows ${key}`).toBe(false);
    }
  });

  it('never shows a safeguarding adult review a children’s step', async () => {
    // From the review's details to the first round: the framework's own questions after it are not steps.
    const between = (text: string, from: string, to: string) => text.slice(text.indexOf(from), text.indexOf(to));
    const word = between((await wordText('adult')).split('</w:sdtContent>')[1]!, 'About the review', 'Round 1: ');
    const pdf = between(await pdfText('adult'), 'Adult B', 'Round 1: ');
    const sheet = await sheetText('adult');
    const regime = /the children’s notification and rapid review clocks do not/g;
    for (const [format, text] of [
      ['Word', word],
      ['PDF', pdf],
      ['Excel', sheet.all],
    ] as const) {
      has(text, 'Safeguarding adult review referral under section 44 (adult)');
      has(text, 'Hold a safeguarding adult review: the duty in section 44(1) to (3) applies');
      has(text, 'Publish the improvements to be made only');
      has(text, 'Extended to 31 December 2026, agreed with the board on 20 March 2026');
      for (const step of CHILDREN_STEPS) {
        expect(new RegExp(`\\b${step}\\b`).test(text.replace(regime, '')), `${format} shows ${step}`).toBe(false);
      }
    }
  });
});
