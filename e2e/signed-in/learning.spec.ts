import { beforeAll, describe, expect, it } from 'vitest';
import { K1, seedLearningWorld } from '../../src/features/learning/learning.fixture.js';
import type { Session } from '../support/browser.js';
import { squash } from './pages/base.js';
import { LearningPage, RegionPage } from './pages/learning.js';
import { MarkerRecordPage } from './pages/rounds.js';
import { useSignedInSuite } from './support.js';

// Learning across reviews (issue 19 §1 and §4's regional view), with JavaScript off: a panel member on
// three of a partnership's four reviews, who also belongs to a second partnership, reads the dashboard,
// counts planning rounds instead of approved ones, filters to adult reviews, gets a year wrong, opens a
// marker record from a cell of the matrix, and reads the regional roll-up. Each state passes axe (WCAG
// 2.2 AA, and again at 320 px wide) as it loads. The world is learning.fixture.ts's.
const suite = useSignedInSuite();

let member: Session;
let world: Awaited<ReturnType<typeof seedLearningWorld>>;

beforeAll(async () => {
  world = await seedLearningWorld(suite.app.db);
  member = await suite.session({ javaScript: false, as: { person: world.memberPerson, organisationId: world.a.id } });
});

describe('the learning dashboard', () => {
  it('shows the counts, then planning rounds, then adult reviews only, and says what is wrong with a year', async () => {
    const page = await new LearningPage(member).goto();
    expect((await page.sentences.allInnerTexts()).map(squash)).toContain(
      `${K1.title}: partly or not met in 2 of 2 reviews`,
    );
    expect(await page.matrixReviews()).toEqual(['R3', 'R1', 'R2']);

    const planning = await page.choose({ round: 'The latest planning round' }, 'round=planning');
    expect((await planning.sentences.allInnerTexts()).map(squash)).toContain(
      `${K1.title}: partly or not met in 1 of 2 reviews`,
    );
    const adults = await planning.choose({ type: 'Safeguarding adult review' }, 'round=planning&type=sar');
    expect(squash(await adults.main.locator('#no-markers').innerText())).toContain(
      'No review you can see has such a round',
    );

    const wrong = await adults.choose({ decided: '20x5' }, 'round=planning&type=sar&decided=20x5', 400);
    await wrong.expectErrors(['Year of the decision must be a year in 4 digits, like 2025']);
    expect(await wrong.field('Year of the decision').inputValue()).toBe('20x5');
  });

  it('opens a marker record from a cell of the matrix', async () => {
    const page = await new LearningPage(member).goto();
    const record = new MarkerRecordPage(member, world.reviews.R1.id, world.rounds.R1a!, K1.key, `1. ${K1.title}`);
    await page.submit(record, () => page.main.locator('#matrix-2 tbody tr').first().locator('td a').first().click());
  });

  it('rolls up the person’s two partnerships, listing published reviews only', async () => {
    const page = await new LearningPage(member).goto();
    const region = await page.submit(new RegionPage(member), () =>
      page.main.getByRole('link', { name: 'Across your partnerships (regional view)' }).click(),
    );
    const published = (await region.main.locator('#published-list li').allInnerTexts()).map(squash);
    expect(published.map((t) => t.split(' (')[0])).toEqual(['R1: Review', 'B1: Review']);
  });
});
