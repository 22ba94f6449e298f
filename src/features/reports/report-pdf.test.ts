import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setLogo } from '../../../test/helpers/images.js';
import { insertReportData } from '../../../test/helpers/report-data.js';
import { newId } from '../../lib/ids.js';
import { createRound } from '../assessments/records/assessments.service.js';
import { saveMarkerRecord } from '../assessments/records/marker-records.service.js';
import { addEvidence } from '../evidence/evidence.service.js';
import { createReview, updateReview } from '../reviews/reviews.service.js';
import { seedStatutoryPath } from '../../../test/helpers/statutory-path.js';
import { report, reportsTests, squash } from './reports.fixture.js';

// The board report as a PDF, for a typical completed review: every marker judged and completed with a
// rationale and evidence, findings, recommendations, eight actions and an agreed response. It must be the
// report page's document (its summary, markers, charts and wording), on at most 8 A4 pages, with the
// summary alone on page 1.
const fx = reportsTests();
const tmp = mkdtempSync(join(tmpdir(), 'board-report-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
let reviewId: string;
let roundId: string;

const JUDGEMENTS = ['met', 'met', 'partly-met', 'met', 'not-met', 'partly-met'];
const rationale = (i: number) =>
  `The panel read the chronology, the agency reports and the minutes of the meetings for this marker. ` +
  `Practitioners took part in a learning event and their accounts were recorded and checked against the ` +
  `records. The judgement reflects what the panel saw in the written record and heard from the family.` +
  (i % 3 === 0 ? '\n\nWhat the panel wants to see next:\n- a plan agreed by all agencies\n- a review date' : '');

beforeAll(async () => {
  const { t, actor, framework, orgId } = fx.world;
  const db = t.testDb.db;
  reviewId = (
    await createReview(
      db,
      actor,
      {
        reference: 'LCSPR 2026/09',
        title: 'Neglect of two brothers',
        subjectPseudonym: 'Child B',
        type: 'local-cspr',
        method: 'systems',
        methodOther: null,
      },
      framework,
    )
  ).id;
  await updateReview(db, actor, reviewId, 1, { awareness_date: '2026-01-05', notification_date: '2026-01-07' });
  roundId = (await createRound(db, actor, reviewId, { purpose: 'retrospective' }, framework)).id;
  const markers = framework.stages.flatMap((s) => s.markers);
  for (const [i, marker] of markers.entries()) {
    const ids = { reviewId, roundId, markerKey: marker.key };
    const saved = await saveMarkerRecord(db, actor, ids, 1, {
      judgement: JUDGEMENTS[i % JUDGEMENTS.length]!,
      status: 'completed',
      rationale: rationale(i),
    });
    if (!saved.ok) throw new Error('not saved');
    await addEvidence(db, actor, ids, {
      kind: 'link',
      title: 'Panel minutes',
      url: `https://records.example.org/m/${i}`,
    });
    await addEvidence(db, actor, ids, {
      kind: 'note',
      title: 'Learning event notes',
      note: 'Kept by the lead reviewer',
    });
  }
  await insertReportData(db, { organisationId: orgId, reviewId, userId: actor.userId, markerKeys: [markers[0]!.key] });
  const at = new Date().toISOString();
  const stamp = { version: 1, created_at: at, created_by: actor.userId, updated_at: at, updated_by: actor.userId };
  const base = { organisation_id: orgId, review_id: reviewId, ...stamp };
  const sentence =
    'Agencies held pieces of the picture but nobody put them together, so the risk to the children was not seen.';
  await db
    .insertInto('finding')
    .values([
      ...[2, 3, 4, 5].map((number) => ({ ...base, id: newId(), kind: 'finding' as const, number, text: sentence })),
      ...[2, 3, 4].map((number) => ({ ...base, id: newId(), kind: 'recommendation' as const, number, text: sentence })),
    ])
    .execute();
  await db
    .insertInto('action')
    .values(
      [4, 5, 6, 7, 8].map((number) => ({
        ...base,
        id: newId(),
        kind: 'improvement' as const,
        number,
        title: `Improvement ${number}: a multi-agency audit of neglect cases`,
        finding_id: null,
        marker_key: null,
        description: '',
        owner_user_id: null,
        owner_name: 'Head of service',
        agencies: JSON.stringify(['Police', 'Health', 'Children’s social care']),
        due_date: '2027-06-30',
        status: 'not-started' as const,
        rag: 'green' as const,
        supporting_evidence: '',
        critical_friend_comment: '',
        impact_what_changed: '',
        impact_how_we_know: '',
        completed_at: null,
      })),
    )
    .execute();
  await db.updateTable('assessment_round').set({ status: 'approved' }).where('id', '=', roundId).execute();
  await seedStatutoryPath(db, { organisationId: orgId, reviewId, userId: actor.userId });
});

const pdfOf = async (url: string, name: string) => {
  const res = await fx.world.lead.get(url);
  expect(res.statusCode, url).toBe(200);
  expect(res.headers['content-type']).toBe('application/pdf');
  const file = join(tmp, name);
  writeFileSync(file, res.rawPayload);
  const text = (first?: number, last?: number) =>
    squash(
      execFileSync(
        '/usr/bin/pdftotext',
        [...(first ? ['-f', String(first), '-l', String(last ?? first)] : []), file, '-'],
        { encoding: 'utf8' },
      ),
    );
  const info = execFileSync('/usr/bin/pdfinfo', [file], { encoding: 'utf8' });
  return { res, text, info, pages: Number(/Pages:\s+(\d+)/.exec(info)![1]), raw: res.rawPayload.toString('latin1') };
};

describe('the board report as a PDF', () => {
  it('is the report page’s document: the summary alone on page 1, the detail after, at most 8 pages', async () => {
    const { framework } = fx.world;
    const pdf = await pdfOf(`/reviews/${reviewId}/report.pdf`, 'report.pdf');
    expect(pdf.res.headers['content-disposition']).toBe(
      'attachment; filename="LCSPR-2026-09-board-report-round-1.pdf"',
    );
    expect(pdf.info).toMatch(/Title:\s+Board report, round 1 \(latest\): LCSPR 2026\/09/);
    expect(pdf.info).toMatch(/Tagged:\s+yes/);
    expect(pdf.pages).toBeLessThanOrEqual(8);

    const page = await report(fx.world.lead, `/reviews/${reviewId}/report`);
    // A typed list is a list on the page as in the PDF (tagged LI, below).
    const first = framework.stages[0]!.markers[0]!.key;
    expect(page.all(`#marker-${first} .app-report-rationale ul li`)).toEqual([
      'a plan agreed by all agencies',
      'a review date',
    ]);
    const one = pdf.text(1);
    for (const part of [
      'Board report: Neglect of two brothers',
      'What the review is',
      'Type: Local child safeguarding practice review',
      'Reference: LCSPR 2026/09',
      'Where it stands',
      'Current round: Round 1: ',
      '(approved)',
      `Progress: ${framework.stages.flatMap((s) => s.markers).length} of `,
      // (the statutory path seeded above extended the rapid review: publication is due first)
      'Next statutory step: Publication, due by 14 October 2026',
      'Judgements at a glance',
      'Top findings',
      'Finding 1: Agencies did not share what they knew about the father.',
      '5 findings and 4 recommendations in all.',
      squash(page.text('#report-actions-line').replace(' See each action', '')),
    ]) {
      expect(one, part).toContain(part);
    }
    // The chart's figures, as on the page's table: a row per stage and the total.
    for (const row of page.root.querySelectorAll('#chart-judgements-table tbody tr')) {
      expect(one).toContain(
        squash(
          row
            .querySelectorAll('th, td')
            .map((c) => squash(c.text))
            .join(' '),
        ),
      );
    }
    expect(one).not.toContain('Review details');
    expect(pdf.text(2)).toContain('Review details');

    // Then every marker of the page, in order, with its judgement, and the rest of the report.
    const rest = pdf.text(2, pdf.pages);
    let at = 0;
    for (const title of page.all('.app-report-marker h4')) {
      const found = rest.indexOf(squash(title), at);
      expect(found, title).toBeGreaterThan(at);
      at = found;
    }
    expect(rest).toContain('Judgement: Partly met. Status: Completed.');
    expect(rest).toContain('Evidence: Panel minutes (https://records.example.org/m/0)');
    expect(rest).not.toContain('Not recorded');
    expect(rest).toContain('Questions not yet answered are left out of this report.');
    for (const heading of ['Findings and recommendations', 'Review tasks', 'Improvement actions']) {
      expect(rest).toContain(heading);
    }
    expect(rest).toContain('The partnership accepts every recommendation.');
    // Typed lists stay lists (tagged L / LI), and three charts are tagged figures with their description.
    expect(pdf.raw).toMatch(/\/S \/LI\b/);
    expect(pdf.raw.match(/\/S \/Figure/g)?.length).toBe(3);
  });

  it('shows where the review came from, its timescales’ extensions, status history and publication: page, print, PDF', async () => {
    const pdf = (await pdfOf(`/reviews/${reviewId}/report.pdf`, 'statutory.pdf')).text();
    const page = await report(fx.world.lead, `/reviews/${reviewId}/report`);
    const print = await report(fx.world.lead, `/reviews/${reviewId}/report?print=1`);
    const rows = (id: string) =>
      Object.fromEntries(
        page.root
          .querySelectorAll(`#statutory-${id}-rows .govuk-summary-list__row`)
          .map((row) => [squash(row.querySelector('dt')!.text), squash(row.querySelector('dd')!.text)]),
      );
    expect(rows('origin')).toMatchObject({
      Route: 'Serious incident notification (child)',
      Decision: 'Hold a local child safeguarding practice review',
      'Tell Ofsted': 'Done on 15 April 2026',
    });
    expect(rows('publication')).toMatchObject({
      'Legal and data protection checks': 'Done on 5 October 2026 by a legal adviser',
      'Deposited in the NSPCC national case review repository': '1 November 2026',
    });
    for (const words of [
      'Where this review came from',
      'Anytown Health Trust',
      '20 March 2026 (late)',
      'Extended to 31 December 2026, agreed with the Panel on 20 March 2026',
      'Status history',
      'Setting up to Running',
      'Rule overridden; missing at the time: the written response is not agreed.',
      'Publish the full report',
      'Learning briefing for designated safeguarding leads',
    ]) {
      expect(squash(page.text('main')), words).toContain(words);
      expect(squash(print.text('main')), words).toContain(words);
      expect(pdf, words).toContain(words);
    }
    expect(pdf).not.toContain('lcspr');
  });

  it('carries the partnership’s logo on page 1', async () => {
    const db = fx.world.t.testDb.db;
    await setLogo(db, fx.world.orgId);
    await pdfOf(`/reviews/${reviewId}/report.pdf`, 'logo.pdf');
    await db.deleteFrom('organisation_logo').where('organisation_id', '=', fx.world.orgId).execute();
    const images = execFileSync('/usr/bin/pdfimages', ['-list', '-f', '1', '-l', '1', join(tmp, 'logo.pdf')], {
      encoding: 'utf8',
    });
    expect(images.split('\n').filter((line) => /^\s*1\s+\d+\s+image\b/.test(line))).toHaveLength(1);
  });

  it('lists the unanswered questions when asked, and is audited as a download', async () => {
    const pdf = await pdfOf(`/reviews/${reviewId}/rounds/${roundId}/report.pdf?unanswered=show`, 'all.pdf');
    expect(pdf.info).toMatch(/Title:\s+Round 1 board report: LCSPR 2026\/09/);
    expect(pdf.text()).toContain('Questions not yet answered');
    expect(pdf.text()).not.toContain('left out of this report');
    const event = await fx.world.t.testDb.db
      .selectFrom('audit_event')
      .select(['object_id', 'detail'])
      .where('action', '=', 'report.downloaded')
      .orderBy('at', 'desc')
      .executeTakeFirstOrThrow();
    expect(event.object_id).toBe(reviewId);
    expect(JSON.parse(event.detail!)).toEqual({ round: roundId, format: 'pdf' });
  });
});
