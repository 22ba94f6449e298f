// What the board report tests (reports.test.ts, reports-access.test.ts) share: a partnership with an empty
// review and a filled one (two rounds, judgements, answers, evidence, findings and actions), its people, and
// how a report page is read.
import { afterAll, beforeAll, expect } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.js';
import { insertOrganisation, insertPerson, signedInClient, type Client } from '../../../test/helpers/client.js';
import { readPage, type Page } from '../../../test/helpers/html.js';
import { insertReportData } from '../../../test/helpers/report-data.js';
import { addToTeam } from '../../../test/helpers/reviews.js';
import { paths } from '../../lib/paths.js';
import { createRound } from '../assessments/records/assessments.service.js';
import { saveAnswer, saveMarkerRecord } from '../assessments/records/marker-records.service.js';
import { addEvidence } from '../evidence/evidence.service.js';
import type { FrameworkFile } from '../frameworks/framework.schema.js';
import { loadFrameworkFiles } from '../frameworks/framework.load.js';
import { FrameworkCatalogue } from '../frameworks/frameworks.service.js';
import { createReview, updateReview } from '../reviews/reviews.service.js';
import type { PartnershipActor } from '../../plugins/auth.js';

export const PARTNERSHIP = 'Anytown Safeguarding Children Partnership';
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n', 'latin1');

export interface ReportsWorld {
  t: TestApp;
  framework: FrameworkFile;
  actor: PartnershipActor;
  orgId: string;
  lead: Client;
  observer: Client;
  outsider: Client;
  admin: Client;
  foreign: Client;
  empty: { id: string };
  filled: { id: string };
  round1: { id: string };
  round2: { id: string };
}

export const squash = (s: string) => s.replace(/\s+/g, ' ').trim();
export const tableRows = (page: Page, id: string) =>
  page.root.querySelectorAll(`#${id} tbody tr`).map((tr) => tr.querySelectorAll('th, td').map((c) => squash(c.text)));

export const report = async (client: Client, url: string) => {
  const res = await client.get(url);
  expect(res.statusCode, url).toBe(200);
  return readPage(res.body);
};

/** Builds the app and the reviews before the file's tests and closes it after; `world` is filled in then. */
export function reportsTests() {
  const w = {} as ReportsWorld;
  async function newReview(reference: string) {
    return createReview(
      w.t.testDb.db,
      w.actor,
      {
        reference,
        title: `Review ${reference}`,
        subjectPseudonym: 'Child A',
        type: 'local-cspr',
        method: 'systems',
        methodOther: null,
      },
      w.framework,
    );
  }

  beforeAll(async () => {
    w.t = await buildTestApp();
    const db = w.t.testDb.db;
    const catalogue = new FrameworkCatalogue(loadFrameworkFiles(paths.frameworks));
    w.framework = catalogue.latest('scr-quality-markers')!;
    const org = await insertOrganisation(db, PARTNERSHIP);
    w.orgId = org.id;
    const other = await insertOrganisation(db, 'Otherton Safeguarding Adults Board');
    const leadPerson = await insertPerson(db, org.id, 'member');
    const viewerPerson = await insertPerson(db, org.id, 'viewer');
    w.lead = await signedInClient(w.t.app, db, leadPerson, org.id);
    w.observer = await signedInClient(w.t.app, db, viewerPerson, org.id);
    w.outsider = await signedInClient(w.t.app, db, await insertPerson(db, org.id, 'viewer'), org.id);
    w.admin = await signedInClient(w.t.app, db, await insertPerson(db, org.id, 'admin', { twoFactor: true }), org.id);
    w.foreign = await signedInClient(
      w.t.app,
      db,
      await insertPerson(db, other.id, 'admin', { twoFactor: true }),
      other.id,
    );
    w.actor = { userId: leadPerson.id, organisationId: org.id, partnershipRole: 'member', ip: null, userAgent: null };

    w.empty = await newReview('EMPTY 1');
    w.filled = await newReview('LCSPR 2026/07');
    await addToTeam(db, org.id, w.filled.id, [[viewerPerson, 'observer']]);
    await addToTeam(db, org.id, w.empty.id, [[viewerPerson, 'observer']]);
    await updateReview(db, w.actor, w.filled.id, 1, { awareness_date: '2024-02-06', notification_date: '2024-02-08' });

    w.round1 = await createRound(db, w.actor, w.filled.id, { purpose: 'planning' }, w.framework);
    w.round2 = await createRound(db, w.actor, w.filled.id, { purpose: 'in-review' }, w.framework);
    const [stage1, stage2] = w.framework.stages;
    const save = async (
      markerKey: string,
      judgement: string,
      status: 'completed' | 'in-progress',
      rationale: string,
    ) => {
      const saved = await saveMarkerRecord(db, w.actor, { reviewId: w.filled.id, roundId: w.round2.id, markerKey }, 1, {
        judgement,
        status,
        rationale,
      });
      if (!saved.ok) throw new Error('not saved');
    };
    await save(stage1!.markers[0]!.key, 'met', 'completed', 'Referred within a day, reasons written down.');
    await save(stage1!.markers[1]!.key, 'met', 'completed', 'The decision weighed every factor.');
    await save(stage1!.markers[2]!.key, 'not-met', 'in-progress', 'Board members were not told.');
    await save(stage2!.markers[0]!.key, 'partly-met', 'completed', 'Some gaps remain.');
    const first = stage1!.markers[0]!;
    const ids = { reviewId: w.filled.id, roundId: w.round2.id, markerKey: first.key };
    const answer = (questionKey: string, value: 'yes' | 'not-yet-known') =>
      saveAnswer(db, w.actor, { ...ids, questionKey }, 1, { answer: value });
    for (const q of first.questions.slice(0, -2)) await answer(q.key, 'yes');
    await answer(first.questions.at(-2)!.key, 'not-yet-known');
    await addEvidence(db, w.actor, ids, {
      kind: 'link',
      title: 'Referral form',
      url: 'https://records.example.org/referral/7',
    });
    await addEvidence(db, w.actor, ids, { kind: 'file', title: 'Chronology', fileName: 'chronology.pdf', data: PDF });
    await addEvidence(db, w.actor, ids, {
      kind: 'note',
      title: 'Call with the health visitor',
      note: 'Private note text',
    });
    await insertReportData(db, {
      organisationId: org.id,
      reviewId: w.filled.id,
      userId: leadPerson.id,
      markerKeys: [first.key],
    });
  });
  afterAll(async () => w.t.close());
  return { world: w };
}
