import { beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../src/lib/ids.js';
import { addToTeam, reviewRow } from '../../test/helpers/reviews.js';
import type { Session } from '../support/browser.js';
import { PlainPage, squash } from './pages/base.js';
import { seedPartnership, useSignedInSuite } from './support.js';

// The yearly report extract (issue 19 §3) with JavaScript off: the page with its preview (figures, the
// themes table, lists) and with the period's errors, each audited by axe at full width and at 320 px.
const suite = useSignedInSuite();
const PATH = '/learning/annual-report';
const HEADING = 'Yearly report extract';
let manager: Session;

beforeAll(async () => {
  const db = suite.app.db;
  const p = await seedPartnership(db, 'Anytown Safeguarding Children Partnership');
  const at = '2025-06-01T09:00:00.000Z';
  const review = reviewRow(p.id, {
    reference: 'LCSPR 2025/01',
    title: 'Baby B',
    decision_date: '2025-06-01',
    final_report_date: '2026-01-10',
    status: 'complete',
    created_at: at,
  });
  await db.insertInto('review').values(review).execute();
  await addToTeam(db, p.id, review.id, [[p.lead, 'business-manager']]);
  const theme = await db
    .selectFrom('learning_theme')
    .select('id')
    .where('organisation_id', '=', p.id)
    .where('label', '=', 'Information sharing')
    .executeTakeFirstOrThrow();
  const findingId = newId();
  const row = { organisation_id: p.id, review_id: review.id, version: 1, created_at: at, created_by: null };
  await db
    .insertInto('finding')
    .values({
      ...row,
      id: findingId,
      kind: 'finding',
      number: 1,
      text: 'Police call-outs were not shared',
      updated_at: at,
      updated_by: null,
    })
    .execute();
  await db
    .insertInto('finding_theme')
    .values({ finding_id: findingId, organisation_id: p.id, theme_id: theme.id })
    .execute();
  manager = await suite.session({ javaScript: false, as: { person: p.lead, organisationId: p.id } });
});

describe('the yearly report extract', () => {
  it('shows the last reporting year’s figures, themes and lists', async () => {
    const page = await new PlainPage(manager, PATH, HEADING).goto();
    const text = squash(await page.main.innerText());
    expect(text).toContain('Reviews completed 1');
    expect(text).toContain('LCSPR 2025/01, finding 1: Police call-outs were not shared');
    expect(await page.main.getByRole('link', { name: 'Download as Word' }).getAttribute('href')).toMatch(
      /^\/learning\/annual-report\.docx\?from=\d{4}-04-01&to=\d{4}-03-31$/,
    );
  });

  it('keeps what was typed and says what is wrong with the period', async () => {
    const page = await new PlainPage(manager, PATH, HEADING).goto();
    await page.main.locator('#from-day').fill('31');
    await page.main.locator('#from-month').fill('2');
    const errors = await page.submit(new PlainPage(manager, `${PATH}?from-day=31`, HEADING, 400), () =>
      page.button('Show the extract').click(),
    );
    await errors.expectErrors(['Start date must be a real date']);
    expect(await errors.main.locator('#from-day').inputValue()).toBe('31');
  });
});
