import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedInClient, type Client } from '../../../test/helpers/client.js';
import { exportsWorld, scr, seed, type ExportsWorld } from '../../../test/helpers/exports-world.js';
import { readPage } from '../../../test/helpers/html.js';

let w: ExportsWorld;
let client: Client;
let base: string;
const markers = scr.stages.flatMap((s) => s.markers);
const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/'/g, '&apos;');
const has = (whole: string, part: string, yes = true) => expect(whole.includes(part), part).toBe(yes);

beforeAll(async () => {
  w = await exportsWorld();
  const { review, rounds } = await seed(w, { reference: 'CSPR 2026/3', rounds: 1, answersPerMarker: 1, actions: 0 });
  base = `/reviews/${review.id}/rounds/${rounds[0]!.id}`;
  client = await signedInClient(w.t.app, w.t.testDb.db, w.manager, w.orgA.id);
});
afterAll(async () => w.t.close());

async function documentXml(url: string) {
  const res = await client.get(url);
  expect(res.statusCode).toBe(200);
  return { res, body: await (await JSZip.loadAsync(res.rawPayload)).file('word/document.xml')!.async('string') };
}

describe('a round’s checklist for a meeting', () => {
  it('is linked from the round page, blank and filled', async () => {
    const page = readPage((await client.get(base)).body);
    const links = page.root.querySelectorAll('a[href*="checklist.docx"]').map((a) => a.getAttribute('href'));
    expect(links).toEqual([`${base}/checklist.docx?filled=no`, `${base}/checklist.docx?filled=yes`]);
  });

  it('blank: every marker’s questions with empty answer and notes columns', async () => {
    const { res, body } = await documentXml(`${base}/checklist.docx?filled=no`);
    expect(res.headers['content-disposition']).toBe('attachment; filename="CSPR-2026-3-round-1-checklist.docx"');
    for (const m of markers) {
      has(body, xml(`${m.number}. ${m.title}`));
      for (const q of m.questions) has(body, xml(q.text));
    }
    has(body, 'Notes');
    has(body, `Note on ${markers[0]!.questions[0]!.key} in round 1`, false);
  });

  it('filled: the saved answers, notes and judgements', async () => {
    const { res, body } = await documentXml(`${base}/checklist.docx?filled=yes`);
    expect(res.headers['content-disposition']).toBe('attachment; filename="CSPR-2026-3-round-1-checklist-filled.docx"');
    for (const m of markers) has(body, `Note on ${m.questions[0]!.key} in round 1`);
    has(body, 'Round 1 rationale for');
    const audit = await w.t.testDb.db
      .selectFrom('audit_event')
      .select('detail')
      .where('action', '=', 'round.checklist_exported')
      .execute();
    expect(audit.map((a) => JSON.parse(a.detail!) as unknown)).toEqual([
      { format: 'docx', filled: false },
      { format: 'docx', filled: true },
    ]);
  });

  it('answers 400 to another choice, and 404 to another partnership or round', async () => {
    expect((await client.get(`${base}/checklist.docx?filled=maybe`)).statusCode).toBe(400);
    const outsider = await signedInClient(w.t.app, w.t.testDb.db, w.manager, w.orgB.id);
    expect((await outsider.get(`${base}/checklist.docx?filled=yes`)).statusCode).toBe(404);
    expect((await client.get(`${base.replace(/rounds\/.*/, 'rounds/nope')}/checklist.docx`)).statusCode).toBe(404);
  });
});
