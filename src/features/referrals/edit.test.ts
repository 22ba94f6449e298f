import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formValues, readPage } from '../../../test/helpers/html.js';
import { buildReferralsWorld, dateFields, recordReferral } from './referrals.fixture.js';

let w: Awaited<ReturnType<typeof buildReferralsWorld>>;
beforeAll(async () => {
  w = await buildReferralsWorld();
});
afterAll(async () => w.t.close());

const child = {
  route: 'serious-incident-notification',
  ...dateFields({ receivedOn: '2026-03-02', awareOn: '2026-02-26' }),
  sourceAgency: 'Police',
  subjectPseudonym: 'Child E',
  'criteria-seriousCase': 'yes',
};

/** The edit form as the page shows it, with the person's changes on top. */
async function editForm(who: 'manager' | 'admin', url: string, changed: Record<string, string>) {
  const page = readPage((await w.clients[who].get(`${url}/edit`)).body);
  return formValues(page, 'form[action$="/edit"]', changed);
}

const eventsOf = async (url: string) =>
  (
    await w.db
      .selectFrom('audit_event')
      .select(['action', 'detail'])
      .where('object_id', '=', url.split('/').pop()!)
      .where('action', '=', 'referral.details_changed')
      .execute()
  ).map((e) => e.detail);

describe('changing a referral’s details', () => {
  it('shows what was recorded, keeps what was typed when refused, saves and audits the change', async () => {
    const url = await recordReferral(w, child);
    const page = readPage((await w.clients.manager.get(`${url}/edit`)).body);
    expect(page.h1).toBe('Change the referral’s details');
    const bad = await w.clients.manager.post(
      `${url}/edit`,
      await editForm('manager', url, {
        ...dateFields({ receivedOn: '2026-05-01' }),
        subjectPseudonym: 'Jane Smith',
        sourceAgency: 'x'.repeat(201),
      }),
    );
    expect(bad.statusCode).toBe(400);
    const refused = readPage(bad.body);
    expect(refused.title).toMatch(/^Error: /);
    expect(refused.errorLinks.map((l) => l.text)).toEqual([
      'Date received must be today or in the past',
      'Source agency must be 200 characters or fewer',
      'Enter a pseudonym like Child A or Adult B, not a real name',
    ]);
    expect(refused.root.querySelector('#subjectPseudonym')?.getAttribute('value')).toBe('Jane Smith');
    expect(refused.root.querySelector('#receivedOn-month')?.getAttribute('value')).toBe('05');

    const ok = await w.clients.manager.post(
      `${url}/edit`,
      await editForm('manager', url, { sourceAgency: 'Health visiting', 'criteria-seriousCase': 'not-known' }),
    );
    expect(ok.statusCode, ok.body).toBe(303);
    const shown = readPage((await w.clients.manager.get(url)).body).text('#referral');
    expect(shown).toContain('Source agency Health visiting');
    expect(await eventsOf(url)).toHaveLength(1);
    expect(JSON.parse((await eventsOf(url))[0]!)).toMatchObject({ fields: 'source_agency,criteria' });
    // The version read is checked: a second save from the old page is refused, nothing lost.
    const stale = await w.clients.manager.post(`${url}/edit`, { ...child, version: '1' });
    expect(stale.statusCode).toBe(409);
  });

  it('keeps the date received before what was recorded since', async () => {
    const url = await recordReferral(w, { ...child, subjectPseudonym: 'Child F' });
    const rapid = readPage((await w.clients.manager.get(`${url}/rapid-review`)).body);
    const saved = await w.clients.manager.post(
      `${url}/rapid-review`,
      formValues(rapid, 'form[action$="/rapid-review"]', dateFields({ meetingOn: '2026-03-10' })),
    );
    expect(saved.statusCode, saved.body).toBe(303);
    const late = await w.clients.manager.post(
      `${url}/edit`,
      await editForm('manager', url, dateFields({ receivedOn: '2026-03-11' })),
    );
    expect(late.statusCode).toBe(400);
    expect(readPage(late.body).errorLinks).toEqual([
      { text: 'Date received must be the same as or before the rapid review meeting', href: '#receivedOn' },
    ]);
  });

  it('is 404 to another partnership and 403 to someone who may only read the register', async () => {
    const url = await recordReferral(w, { ...child, subjectPseudonym: 'Child G' });
    expect((await w.clients.other.get(`${url}/edit`)).statusCode).toBe(404);
    expect((await w.clients.other.post(`${url}/edit`, child)).statusCode).toBe(404);
    expect((await w.clients.panel.get(`${url}/edit`)).statusCode).toBe(403);
    expect((await w.clients.panel.post(`${url}/edit`, child)).statusCode).toBe(403);
  });

  it('after its review has started, needs an admin with a reason, for the details as for the decision', async () => {
    const url = await recordReferral(w, { ...child, subjectPseudonym: 'Child H' });
    const decided = await w.clients.manager.post(`${url}/decision`, {
      outcome: 'lcspr',
      reasons: 'Joint working concerns.',
      criteria: 'jointWorking',
      'reason-jointWorking': 'Information was not shared.',
      ...dateFields({ decidedOn: '2026-04-01' }),
      decidedByRole: 'The safeguarding partners',
      version: '1',
    });
    expect(decided.statusCode, decided.body).toBe(303);
    expect((await w.clients.manager.get(`${url}/edit`)).statusCode).toBe(403);
    expect(readPage((await w.clients.manager.get(url)).body).text('main')).not.toContain(
      'Change the referral’s details',
    );
    expect((await w.clients.manager.post(`${url}/edit`, { ...child, version: '2' })).statusCode).toBe(403);
    const noReason = await w.clients.admin.post(`${url}/edit`, await editForm('admin', url, { sourceAgency: 'NHS' }));
    expect(noReason.statusCode).toBe(400);
    expect(readPage(noReason.body).errorLinks).toEqual([
      { text: 'Enter why the details are changing now that the review has started', href: '#changeReason' },
    ]);
    expect(readPage(noReason.body).root.querySelector('#sourceAgency')?.getAttribute('value')).toBe('NHS');
    const withReason = await w.clients.admin.post(
      `${url}/edit`,
      await editForm('admin', url, { sourceAgency: 'NHS', changeReason: 'The notification came from health.' }),
    );
    expect(withReason.statusCode, withReason.body).toBe(303);
    expect(readPage((await w.clients.admin.get(url)).body).text('#referral')).toContain(
      'Why the details were changed The notification came from health.',
    );
    expect(JSON.parse((await eventsOf(url))[0]!)).toMatchObject({ fields: 'source_agency', withReason: true });
  });
});
