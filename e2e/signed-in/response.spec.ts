import { beforeAll, describe, expect, it } from 'vitest';
import type { Session } from '../support/browser.js';
import { squash } from './pages/base.js';
import { ON, seedFindingAndAction, seedReview } from './review-world.js';
import { seedPartnership, useSignedInSuite, type Partnership } from './support.js';

// Conflicts on findings, importing actions and the written response (issue 6): every state (conflict,
// import problems, draft, agreed and locked, reopened) loads with its heading, passes axe (WCAG 2.2 AA)
// and logs no console errors, without JavaScript. The review starts with finding 1 and improvement
// action 1 from it, as the actions journey of actions.spec.ts records them.
const suite = useSignedInSuite();

let p: Partnership;
let reviewId: string;
let lead: Session;
let chair: Session;
let actionsPath: string;

beforeAll(async () => {
  p = await seedPartnership(suite.app.db, 'Anytown Safeguarding Children Partnership');
  reviewId = await seedReview(suite.app.db, p, {
    reference: 'LCSPR 2026/61',
    title: 'Neglect of a toddler',
    subjectPseudonym: 'Child B',
    method: 'systems',
  });
  await seedFindingAndAction(suite.app.db, p, reviewId);
  actionsPath = `/reviews/${reviewId}/actions`;
  [lead, chair] = await Promise.all([
    suite.session({ javaScript: false, as: { person: p.lead, organisationId: p.id } }),
    suite.session({ javaScript: false, as: { person: p.chair, organisationId: p.id } }),
  ]);
});

describe('conflicts on findings and the written response', () => {
  it('shows both versions of a finding two people changed at once', async () => {
    const list = await ON(lead, `/reviews/${reviewId}/findings`, 'Findings and recommendations').goto();
    const change = list.main.getByRole('link', { name: 'Change finding 1' });
    const mine = await list.submit(
      (url) => ON(lead, new URL(url).pathname, 'Change finding 1'),
      () => change.click(),
    );
    const theirs = await ON(chair, mine.path, 'Change finding 1').goto();
    await mine.page.locator('#text').fill('Neglect was not escalated: the plan drifted for months.');
    await mine.submit(ON(lead, `/reviews/${reviewId}/findings`, 'Findings and recommendations'), () =>
      mine.button('Save').click(),
    );
    await theirs.page.locator('#text').fill('The plan drifted and nobody escalated.');
    const conflict = await theirs.submit(ON(chair, theirs.path, 'Change finding 1'), () =>
      theirs.button('Save').click(),
    );
    expect(squash(await conflict.page.locator('#theirs').innerText())).toContain('the plan drifted for months');
    expect(await conflict.page.locator('#text').inputValue()).toBe('The plan drifted and nobody escalated.');
  });

  it('shows both versions of a written response two people saved at once', async () => {
    const path = `/reviews/${reviewId}/response`;
    const mine = await ON(lead, path, 'Written response').goto();
    const theirs = await ON(chair, path, 'Written response').goto();
    await mine.field('The response').fill('The board accepts the finding.');
    await mine.submit(ON(lead, path, 'Written response'), () => mine.button('Save draft').click());
    await theirs.field('The response').fill('The board accepts the finding in part.');
    const conflict = await theirs.submit(ON(chair, path, 'Written response'), () =>
      theirs.button('Save draft').click(),
    );
    expect(squash(await conflict.page.locator('#theirs').innerText())).toContain('The board accepts the finding.');
    expect(await conflict.field('The response').inputValue()).toBe('The board accepts the finding in part.');
  });
});

describe('importing actions', () => {
  it('shows the page, every problem of a bad file, then imports a good one', async () => {
    const page = await ON(lead, `${actionsPath}/import`, 'Import actions').goto();
    const header = 'Kind,Title,Description,Finding number,Marker,Agencies,Owner,Due date,Status,RAG';
    await page.page.locator('#file').setInputFiles({
      name: 'actions.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(`${header}\r\nChore,Book the room,,,,,Business manager,31/2/2027,,\r\n`),
    });
    const bad = await page.submit(ON(lead, `${actionsPath}/import`, 'Import actions'), () =>
      page.button('Import actions').click(),
    );
    expect(await bad.page.title()).toMatch(/^Error: /);
    expect((await bad.errorSummary.locator('a').allInnerTexts()).map(squash)).toEqual([
      'Row 2, column A: Enter the kind as review task or improvement action',
      'Row 2, column H: Enter a due date as a real date, like 31/3/2027',
    ]);
    await bad.page.locator('#file').setInputFiles({
      name: 'actions.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(`${header}\r\nReview task,Book the room,,,,,Business manager,31/3/2027,,\r\n`),
    });
    const good = await bad.submit(ON(lead, actionsPath, 'Actions'), () => bad.button('Import actions').click());
    expect(await good.successText()).toContain('1 action imported.');
  });
});

describe('the written response', () => {
  it('is drafted with the actions it commits to, agreed by the chair (locked), and reopened', async () => {
    const path = `/reviews/${reviewId}/response`;
    const empty = await ON(lead, path, 'Written response').goto();
    expect(squash(await empty.main.innerText())).toContain('Last saved');
    await empty
      .field('The response')
      .fill('The partnership accepts the finding and will refresh its escalation policy.');
    await empty.main.getByRole('checkbox', { name: 'Action 1: Refresh the escalation policy' }).check();
    const draft = await empty.submit(ON(lead, path, 'Written response'), () => empty.button('Save draft').click());
    expect(await draft.successText()).toContain('The written response has been saved.');

    const chairView = await ON(chair, path, 'Written response').goto();
    const agreed = await chairView.submit(ON(chair, path, 'Written response'), () =>
      chairView.button('Agree the response').click(),
    );
    expect(squash(await agreed.page.locator('#response-status').innerText())).toContain(`Agreed by ${p.chair.name}`);
    expect(await agreed.page.locator('#text').count(), 'locked: no text box').toBe(0);
    const locked = await ON(lead, path, 'Written response').goto();
    expect(squash(await locked.page.locator('#committed').innerText())).toContain('Refresh the escalation policy');
    const reopened = await agreed.submit(ON(chair, path, 'Written response'), () =>
      agreed.button('Reopen as a draft').click(),
    );
    expect(await reopened.successText()).toContain('reopened as a draft');
    expect(squash(await reopened.page.locator('#history').innerText())).toContain('Earlier versions');
  });
});
