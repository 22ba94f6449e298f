import { readFileSync } from 'node:fs';
import JSZip from 'jszip';
import { beforeAll, describe, expect, it } from 'vitest';
import { paths } from '../../src/lib/paths.js';
import { loadFrameworkFiles } from '../../src/features/frameworks/framework.load.js';
import { seedReview } from '../../test/helpers/review-content.js';
import type { Session } from '../support/browser.js';
import { ReviewPage } from './pages/reviews.js';
import { RoundPage } from './pages/rounds.js';
import { seedPartnership, useSignedInSuite, type Partnership } from './support.js';

// Exports (issue 6): the review page and the round page, with their download links, pass axe with
// JavaScript on and off, and the links download the files, named after the review's reference.
const suite = useSignedInSuite();
const scr = loadFrameworkFiles(paths.frameworks).find((f) => f.key === 'scr-quality-markers')!;

let p: Partnership;
let ids: { reviewId: string; roundId: string };
let sessions: Session[];

beforeAll(async () => {
  p = await seedPartnership(suite.app.db, 'Exportshire Safeguarding Children Partnership');
  const actor = {
    userId: p.lead.id,
    organisationId: p.id,
    partnershipRole: 'member' as const,
    ip: null,
    userAgent: null,
  };
  const seeded = await seedReview(suite.app.db, scr, actor, {
    reference: 'CSPR 2026/12',
    rounds: 1,
    answersPerMarker: 1,
  });
  ids = { reviewId: seeded.review.id, roundId: seeded.rounds[0]!.id };
  sessions = await Promise.all(
    [true, false].map((javaScript) => suite.session({ javaScript, as: { person: p.lead, organisationId: p.id } })),
  );
});

/** Follows a link that downloads a file; returns its name and bytes. */
async function download(session: Session, name: string) {
  const [file] = await Promise.all([
    session.page.waitForEvent('download'),
    session.page.locator('main').getByRole('link', { name, exact: true }).click(),
  ]);
  return { name: file.suggestedFilename(), bytes: readFileSync(await file.path()) };
}

describe('downloads', () => {
  it('the review page offers every format, and each link downloads the file', async () => {
    for (const session of sessions) {
      await new ReviewPage(session, ids.reviewId, 'Practice review after an injury to an infant').goto();
      expect((await download(session, 'Word document')).name).toBe('CSPR-2026-12.docx');
      const json = await download(session, 'Everything, to import elsewhere (JSON)');
      expect(json.name).toBe('CSPR-2026-12.json');
      expect((JSON.parse(json.bytes.toString('utf8')) as { review: { reference: string } }).review.reference).toBe(
        'CSPR 2026/12',
      );
      expect((await download(session, 'Actions (CSV)')).name).toBe('CSPR-2026-12-actions.csv');
    }
  });

  it('the round page offers the meeting checklist, blank and filled', async () => {
    for (const session of sessions) {
      await new RoundPage(session, ids.reviewId, ids.roundId, 1).goto();
      const filled = await download(session, 'filled with saved answers for round 1');
      expect(filled.name).toBe('CSPR-2026-12-round-1-checklist-filled.docx');
      const xml = await (await JSZip.loadAsync(filled.bytes)).file('word/document.xml')!.async('string');
      expect(xml).toContain(`Note on ${scr.stages[0]!.markers[0]!.questions[0]!.key} in round 1`);
      expect((await download(session, 'blank checklist for round 1')).name).toBe('CSPR-2026-12-round-1-checklist.docx');
    }
  });
});
