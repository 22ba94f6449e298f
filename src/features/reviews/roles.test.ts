// Issue 17 §4, "Roles mean what they say": a panel member contributes answers, evidence and comments on
// the round's markers, and nothing else. The review's details, key dates, scope, rounds and findings are
// run by its business manager, lead reviewer, chair and partnership admins (the policy's 'review.manage').
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '../../../test/helpers/client.js';
import { readPage } from '../../../test/helpers/html.js';
import { evidenceWorld, type EvidenceWorld } from '../evidence/evidence.fixture.js';

let w: EvidenceWorld;
let reviewId: string;

beforeAll(async () => {
  w = await evidenceWorld();
  reviewId = w.reviewUrl.split('/').pop()!;
});
afterAll(async () => w.t.close());

/** Everything a panel member might change outside the markers, as the database holds it. */
async function reviewState() {
  const db = w.t.testDb.db;
  const [review, rounds, findings, scope] = await Promise.all([
    db.selectFrom('review').selectAll().where('id', '=', reviewId).executeTakeFirstOrThrow(),
    db.selectFrom('assessment_round').select('id').where('review_id', '=', reviewId).execute(),
    db.selectFrom('finding').select('id').where('review_id', '=', reviewId).execute(),
    db.selectFrom('review_scope').selectAll().where('review_id', '=', reviewId).execute(),
  ]);
  return { review, rounds: rounds.length, findings: findings.length, scope };
}

/** Expects the plain 403 error page. */
function refused(res: { statusCode: number; body: string }) {
  expect(res.statusCode).toBe(403);
  const page = readPage(res.body);
  expect(page.h1).toBe('You do not have permission to do that');
  expect(page.root.querySelector('main form')).toBeNull();
}

function versionOf(body: string) {
  return readPage(body).root.querySelector('input[name=version]')?.getAttribute('value') ?? '1';
}

describe('a panel member', () => {
  it('may not change the review’s details, key dates or scope, start a round or add a finding: 403, nothing changes', async () => {
    const panel: Client = w.panel;
    const before = await reviewState();
    const version = versionOf((await w.manager.get(`${w.reviewUrl}/dates`)).body);

    refused(await panel.get(`${w.reviewUrl}/edit`));
    refused(
      await panel.post(`${w.reviewUrl}/edit`, {
        reference: 'LCSPR 7',
        title: 'Renamed by the panel member',
        subjectPseudonym: 'Child B',
        type: 'local-cspr',
        method: 'systems',
        version,
      }),
    );
    refused(
      await panel.post(`${w.reviewUrl}/dates`, {
        version,
        'incident-day': '1',
        'incident-month': '3',
        'incident-year': '2026',
      }),
    );
    refused(await panel.get(`${w.reviewUrl}/scope/governance`));
    refused(await panel.post(`${w.reviewUrl}/scope/governance`, { version: '0', text: 'The panel member’s scope.' }));
    refused(await panel.get(`${w.reviewUrl}/rounds/new`));
    refused(await panel.post(`${w.reviewUrl}/rounds/new`, { purpose: 'in-review' }));
    refused(await panel.get(`${w.reviewUrl}/findings/new`));
    refused(
      await panel.post(`${w.reviewUrl}/findings/new`, {
        kind: 'finding',
        text: 'The panel member’s finding.',
        markers: ['referral'],
      }),
    );

    expect(await reviewState()).toEqual(before);
  });

  it('is not offered the links and buttons for them', async () => {
    const overview = readPage((await w.panel.get(w.reviewUrl)).body);
    const links = overview.root.querySelectorAll('main a').map((a) => a.getAttribute('href'));
    expect(links).not.toContain(`${w.reviewUrl}/edit`);
    expect(links).not.toContain(`${w.reviewUrl}/rounds/new`);
    expect(overview.text('main')).toContain('View key dates and timescales');
    expect(overview.text('main')).toContain('Read the scope');
    const dates = readPage((await w.panel.get(`${w.reviewUrl}/dates`)).body);
    expect(dates.root.querySelector('form input[name=version]')).toBeNull();
    const scope = readPage((await w.panel.get(`${w.reviewUrl}/scope`)).body);
    expect(scope.root.querySelectorAll('a').map((a) => a.getAttribute('href'))).not.toContain(
      `${w.reviewUrl}/scope/governance`,
    );
    const findings = readPage((await w.panel.get(`${w.reviewUrl}/findings`)).body);
    expect(findings.root.querySelectorAll('a').map((a) => a.getAttribute('href'))).not.toContain(
      `${w.reviewUrl}/findings/new`,
    );

    // The business manager is offered all of them.
    const managers = readPage((await w.manager.get(w.reviewUrl)).body);
    const theirs = managers.root.querySelectorAll('main a').map((a) => a.getAttribute('href'));
    expect(theirs).toEqual(expect.arrayContaining([`${w.reviewUrl}/edit`, `${w.reviewUrl}/rounds/new`]));
    expect(managers.text('main')).toContain('Change key dates');
  });

  it('still saves answers, evidence and comments on a marker', async () => {
    const page = readPage((await w.panel.get(w.markerUrl)).body);
    const hidden = Object.fromEntries(
      page.root
        .querySelectorAll('form[data-module] input[type=hidden]')
        .filter((i) => i.getAttribute('name') !== '_csrf')
        .map((i) => [i.getAttribute('name')!, i.getAttribute('value') ?? '']),
    );
    const q = page.root.querySelector('input[name^="answer-"]')!.getAttribute('name')!.slice('answer-'.length);
    const saved = await w.panel.post(w.markerUrl, {
      ...hidden,
      [`answer-${q}`]: 'partly',
      [`note-${q}`]: 'Noted by the panel member.',
      judgement: 'not-yet-assessed',
      status: 'in-progress',
      rationale: 'The panel member’s rationale.',
      owner: '',
    });
    expect(saved.statusCode).toBe(303);
    const evidence = await w.panel.post(`${w.markerUrl}/evidence/note`, { title: 'Panel view', note: 'Agreed.' });
    expect(evidence.statusCode).toBe(303);
    const comment = await w.panel.post(`${w.markerUrl}/comments`, { body: 'Who checks the chronology?' });
    expect(comment.statusCode).toBe(303);

    const after = readPage((await w.panel.get(w.markerUrl)).body);
    expect(after.root.querySelector(`#note-${q}`)?.text).toBe('Noted by the panel member.');
    expect(after.text('main')).toContain('Panel view');
    expect(after.text('main')).toContain('Who checks the chronology?');
  });
});
