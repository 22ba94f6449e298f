import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from '../../../test/helpers/html.js';
import { insertPerson, signedInClient } from '../../../test/helpers/client.js';
import { actionRow, addToTeam } from '../../../test/helpers/reviews.js';
import { makeWorld, page, type World } from '../../../test/helpers/actions-world.js';

// Three reviews, read in this order: LCSPR 2026/1 (30 actions), 2026/2 (40) and 2026/10 (5): 75 actions,
// so the tracker's first page ends in the middle of 2026/2's.
let w: World;
let second: { id: string; reference: string };

const titles = (p: Page) => p.all('#actions tbody tr td:nth-child(2) a');
const current = (p: Page) => p.text('nav.govuk-pagination .govuk-pagination__item--current');
const href = (p: Page, selector: string) =>
  p.root.querySelector(`nav.govuk-pagination ${selector} a`)?.getAttribute('href');

beforeAll(async () => {
  w = await makeWorld();
  const db = w.t.testDb.db;
  const first = await w.startReview();
  second = await w.startReview();
  const tenth = await w.startReview();
  await db.updateTable('review').set({ reference: 'LCSPR 2026/10' }).where('id', '=', tenth.id).execute();
  const actions = (review: { id: string }, prefix: string, n: number, agencies: (i: number) => string[]) =>
    Array.from({ length: n }, (_, i) =>
      actionRow(w.orgId, review.id, {
        kind: 'review-task',
        number: i + 1,
        title: `${prefix} ${i + 1}`,
        owner_name: 'Business manager',
        agencies: JSON.stringify(agencies(i + 1)),
      }),
    );
  await db
    .insertInto('action')
    .values([
      // A name PostgreSQL's jsonb cannot hold (\u0000) must not break the agency filter there.
      ...actions(tenth, 'Tenth', 5, (i) => (i === 5 ? ['Police Scotland'] : ['Police', 'Odd\u0000name'])),
      ...actions(second, 'Second', 40, (i) => (i <= 30 ? ['Police'] : ['Health'])),
      ...actions(first, 'First', 30, () => ['Health', 'Police']),
    ])
    .execute();
});
afterAll(async () => w.t.close());

describe('the partnership’s actions tracker, 50 actions a page', () => {
  it('pages the actions in reading order, counting them all in the caption', async () => {
    const one = await page(w.panel, '/actions');
    expect(one.text('#results')).toBe('75 actions');
    expect(one.text('#actions-caption')).toBe('75 actions, showing 1 to 50');
    const listed = titles(one);
    expect(listed).toHaveLength(50);
    expect([listed[0], listed[29], listed[30], listed[49]]).toEqual(['First 1', 'First 30', 'Second 1', 'Second 20']);
    expect(one.root.querySelector('nav.govuk-pagination')?.getAttribute('aria-label')).toBe('Actions pages');
    expect(current(one)).toBe('1');
    expect(href(one, '.govuk-pagination__next')).toBe('/actions?page=2');

    const two = await page(w.panel, '/actions?page=2');
    expect(two.text('#actions-caption')).toBe('75 actions, showing 51 to 75');
    expect(titles(two)).toEqual([
      ...Array.from({ length: 20 }, (_, i) => `Second ${i + 21}`),
      ...Array.from({ length: 5 }, (_, i) => `Tenth ${i + 1}`),
    ]);
    expect(href(two, '.govuk-pagination__prev')).toBe('/actions');
    expect(two.root.querySelector('.govuk-pagination__next')).toBeNull();

    // A page past the end shows the last page; nonsense shows the first.
    const past = await page(w.panel, '/actions?page=9');
    expect(current(past)).toBe('2');
    expect(titles(past)).toEqual(titles(two));
    expect(titles(await page(w.panel, '/actions?page=x'))).toEqual(listed);
  });

  it('keeps the filters in the page links, and the bulk update comes back to the same page', async () => {
    // Agencies match by whole name: "Police Scotland" is not "Police".
    const two = await page(w.manager, '/actions?agency=Police&page=2');
    expect(two.text('#results')).toBe('64 actions match the filters');
    expect(two.text('#actions-caption')).toBe('64 actions, showing 51 to 64');
    expect(titles(two)).toEqual([
      ...Array.from({ length: 10 }, (_, i) => `Second ${i + 21}`),
      ...Array.from({ length: 4 }, (_, i) => `Tenth ${i + 1}`),
    ]);
    expect(href(two, '.govuk-pagination__prev')).toBe('/actions?agency=Police');
    expect(two.root.querySelector('#agency option[value="Police"]')?.hasAttribute('selected')).toBe(true);
    expect(two.root.querySelector('input[name=back]')?.getAttribute('value')).toBe('agency=Police&page=2');
    const one = await page(w.manager, '/actions?agency=Police&status=not-started');
    expect(href(one, '.govuk-pagination__next')).toBe('/actions?agency=Police&status=not-started&page=2');

    const id = two.root.querySelector('input[name=selected]')!.getAttribute('value')!;
    const version = two.root.querySelector(`input[name="version-${id}"]`)!.getAttribute('value')!;
    const res = await w.manager.post('/actions/bulk', {
      selected: id,
      [`version-${id}`]: version,
      bulkRag: 'amber',
      back: 'agency=Police&page=2',
    });
    expect(res.headers.location).toBe('/actions?agency=Police&page=2&updated=1');
  });

  it('counts and shows a team member only the actions of their own reviews', async () => {
    const person = await insertPerson(w.t.testDb.db, w.orgId, 'member');
    await addToTeam(w.t.testDb.db, w.orgId, second.id, [[person, 'lead-reviewer']]);
    const member = await signedInClient(w.t.app, w.t.testDb.db, person, w.orgId);
    for (const url of ['/actions', '/actions?page=2']) {
      const list = await page(member, url);
      expect(list.text('#results')).toBe('40 actions');
      expect(list.text('#actions-caption')).toBe('Actions');
      expect(list.root.querySelector('nav.govuk-pagination')).toBeNull();
      expect(titles(list)).toEqual(Array.from({ length: 40 }, (_, i) => `Second ${i + 1}`));
      expect(list.root.querySelectorAll('input[name=selected]')).toHaveLength(40);
    }
    const agencies = (await page(member, '/actions')).all('#agency option');
    expect(agencies).toEqual(['Any agency', 'Health', 'Police']);
  });
});
