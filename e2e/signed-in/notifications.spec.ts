import { beforeAll, describe, expect, it } from 'vitest';
import type { Session } from '../support/browser.js';
import { PlainPage } from './pages/base.js';
import { seedPartnership, useSignedInSuite } from './support.js';

// The email notifications page (issue 17 §2), without JavaScript: every kind on at first, one turned off and
// saved, the page back with its success banner and the box still clear. Each state passes axe (WCAG 2.2 AA)
// and logs no console errors (checked by the page objects as each page loads).
const suite = useSignedInSuite();
const PATH = '/account/notifications';
let panel: Session;

beforeAll(async () => {
  const p = await seedPartnership(suite.app.db, 'Anytown Safeguarding Children Partnership');
  panel = await suite.session({ javaScript: false, as: { person: p.panel, organisationId: p.id } });
});

describe('email notifications', () => {
  it('turns a kind off and keeps it off', async () => {
    const page = await new PlainPage(panel, PATH, 'Email notifications').goto();
    const boxes = page.main.getByRole('checkbox');
    const count = await boxes.count();
    expect(count).toBeGreaterThan(1);
    for (let i = 0; i < count; i++) expect(await boxes.nth(i).isChecked()).toBe(true);
    await boxes.first().uncheck();
    const saved = await page.submit(new PlainPage(panel, `${PATH}?saved=1`, 'Email notifications'), () =>
      page.button('Save').click(),
    );
    expect(await saved.successText()).toContain('Your email notifications have been saved.');
    expect(await saved.main.getByRole('checkbox').first().isChecked()).toBe(false);
  });
});
