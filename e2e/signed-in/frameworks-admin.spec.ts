import { beforeAll, describe, expect, it } from 'vitest';
import { createRound } from '../../src/features/assessments/records/assessments.service.js';
import { createReview } from '../../src/features/reviews/reviews.service.js';
import { fixture, fixtureText } from '../../test/fixtures/frameworks/fixtures.js';
import type { Session } from '../support/browser.js';
import { PlainPage, squash } from './pages/base.js';
import { NewReviewPage, ReviewPage } from './pages/reviews.js';
import { idAfter, seedPartnership, useSignedInSuite, type Partnership } from './support.js';

// A partnership's own frameworks (issue 4), without JavaScript: the admin pages empty, an upload with
// errors (each one placed in the file), a successful import, moving a review to the new version, and
// starting a review on an older version of it, judged on its own two-point scale.
// Every page loads with its heading, passes axe (WCAG 2.2 AA) and logs no console errors.
const suite = useSignedInSuite();

/** A framework file with mistakes in several places. */
const BROKEN = fixtureText('local-v1.yaml')
  .replace('version: 1.0.0', 'version: first')
  .replace('key: reviewer-chosen', 'key: Reviewer Chosen')
  .replace(/questions:\n {10}- key: chronology\n.*\n.*\n/, 'questions: []\n');

let p: Partnership;
let admin: Session;
let lead: Session;

beforeAll(async () => {
  p = await seedPartnership(suite.app.db, 'Riverside Safeguarding Partnership');
  [admin, lead] = await Promise.all([
    suite.session({ javaScript: false, as: { person: p.admin, organisationId: p.id } }),
    suite.session({ javaScript: false, as: { person: p.lead, organisationId: p.id } }),
  ]);
});

const LIST = 'Your partnership’s frameworks';
const IMPORT = 'Import a framework';

async function upload(form: PlainPage, name: string, text: string) {
  await form.page.locator('#file').setInputFiles({ name, mimeType: 'application/yaml', buffer: Buffer.from(text) });
}

describe('a partnership’s own frameworks, without JavaScript', () => {
  it('lists none, shows the import form, and lists every problem in a broken file with its place', async () => {
    const list = await new PlainPage(admin, '/admin/frameworks', LIST).goto();
    expect(squash(await list.main.locator('#no-frameworks').innerText())).toBe(
      'Your partnership has not imported a framework yet.',
    );
    const form = await new PlainPage(admin, '/admin/frameworks/import', IMPORT).goto();
    await upload(form, 'riverside.yaml', BROKEN);
    const errors = await form.submit(new PlainPage(admin, '/admin/frameworks/import', IMPORT), () =>
      form.button('Import framework').click(),
    );
    expect(await errors.page.title()).toMatch(/^Error: /);
    const links = errors.errorSummary.locator('.govuk-error-summary__list a');
    const texts = (await links.allInnerTexts()).map(squash);
    expect(texts.length).toBeGreaterThanOrEqual(3);
    for (const text of texts) expect(text).toMatch(/^Line \d+, column \d+: /);
    expect(texts).toContainEqual(expect.stringMatching(/^Line \d+, column \d+: .*Marker 'records' has no questions$/));
    expect(await links.evaluateAll((as) => as.map((a) => a.getAttribute('href')))).toEqual(texts.map(() => '#file'));
    expect(squash(await errors.main.locator('#file-error').innerText())).toContain('riverside.yaml has');
  });

  it('imports two versions of a framework, each listed with a success banner', async () => {
    for (const [file, version] of [
      ['local-v1.yaml', '1.0.0'],
      ['local-v2.yaml', '1.1.0'],
    ] as const) {
      const form = await new PlainPage(admin, '/admin/frameworks/import', IMPORT).goto();
      await upload(form, file, fixtureText(file));
      const list = await form.submit(new PlainPage(admin, '/admin/frameworks', LIST), () =>
        form.button('Import framework').click(),
      );
      expect(await list.successText()).toContain(`version ${version} is imported`);
    }
  });

  it('previews and makes the move of a review to the newer version', async () => {
    const actor = {
      ip: null,
      userAgent: null,
      userId: p.lead.id,
      organisationId: p.id,
      partnershipRole: 'member' as const,
    };
    const v1 = fixture('local-v1.yaml');
    const review = await createReview(
      suite.app.db,
      actor,
      {
        reference: 'LCSPR 9',
        title: 'Review',
        subjectPseudonym: 'Child C',
        type: 'local-cspr',
        method: 'systems',
        methodOther: null,
      },
      v1,
    );
    await createRound(suite.app.db, actor, review.id, { purpose: 'planning' }, v1);
    const path = `/reviews/${review.id}/framework`;
    const choose = await new PlainPage(lead, path, 'Framework version').goto();
    const unchosen = await choose.submit(new PlainPage(lead, path, 'Framework version'), () =>
      choose.button('See what would change').click(),
    );
    await unchosen.expectErrors(['Select the version to move to']);
    await unchosen.main.getByRole('radio', { name: 'Version 1.1.0' }).check();
    const preview = await unchosen.submit(new PlainPage(lead, `${path}?version=1.1.0`, 'Move to version 1.1.0'), () =>
      unchosen.button('See what would change').click(),
    );
    expect(squash(await preview.main.locator('.app-move-dropped tbody').innerText())).toContain('5. Report');
    await preview.main.getByRole('checkbox').check();
    await lead.audit();
    const done = await preview.submit(new PlainPage(lead, path, 'Review moved to version 1.1.0'), () =>
      preview.button('Move the review to version 1.1.0').click(),
    );
    expect(await done.successText()).toContain('The review now uses version 1.1.0.');
    expect(squash(await done.main.locator('.app-move-rounds tbody').innerText())).toContain('1.1.0');
  });
  it('starts a review on the older version of its own framework and judges a marker on that scale', async () => {
    const form = await new NewReviewPage(lead).goto();
    await form.fill({
      reference: 'LOCAL 1',
      title: 'Local review',
      pseudonym: 'Adult E',
      type: 'Safeguarding adult review',
      method: 'Systems approach (for example Learning Together)',
    });
    await form.main.getByRole('radio', { name: 'Riverside local review checks', exact: true }).check();
    await form.main.getByLabel('Version of Riverside local review checks').selectOption('1.0.0');
    await lead.audit();
    const overview = await form.submit(
      (url) => new ReviewPage(lead, idAfter(url, 'reviews'), 'Local review'),
      () => form.button('Start review').click(),
    );
    expect(squash(await overview.main.locator('.govuk-summary-list').first().innerText())).toContain(
      'Riverside review checks, version 1.0.0',
    );
    const round = await overview.openNewRound().then((f) => f.start('Planning', 1));
    expect(await round.taskState('1. Scope')).toEqual({ status: 'Not started', hint: 'Judgement: Not yet judged' });
    const marker = await round.openMarker('scope', '1. Scope');
    expect(squash(await marker.form.locator('#judgement-hint').innerText())).toContain('Not yet judged');
    await marker.rationale.fill('The scope was agreed at the first panel.');
    await marker.judgement('Met').check();
    const saved = await marker.save();
    expect(await saved.judgement('Met').isChecked()).toBe(true);
    const back = await saved.backToRound(1);
    expect((await back.taskState('1. Scope')).hint).toBe('Judgement: Met');
  });
});
