import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readPage } from '../../../test/helpers/html.js';
import { buildReferralsWorld, dateFields, recordReferral } from './referrals.fixture.js';

let w: Awaited<ReturnType<typeof buildReferralsWorld>>;
beforeAll(async () => {
  w = await buildReferralsWorld();
});
afterAll(async () => w.t.close());

const child = {
  route: 'serious-incident-notification',
  ...dateFields({ receivedOn: '2026-03-02', awareOn: '2026-02-26' }),
  sourceAgency: 'Children’s social care',
  subjectPseudonym: 'Child A',
  'criteria-seriousCase': 'yes',
};

const record = (fields: Record<string, string>) => recordReferral(w, fields);

const countOf = async (table: 'review' | 'referral_conversion') =>
  Number(
    (
      await w.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('who may see and change the register', () => {
  it('lets admins and business managers change it, other team members read it, and viewers not see it', async () => {
    const manager = readPage((await w.clients.manager.get('/referrals')).body);
    expect(manager.all('.govuk-service-navigation a')).toContain('Referrals');
    expect(manager.text('.govuk-button-group')).toContain('Record a child’s notification');
    const panel = await w.clients.panel.get('/referrals');
    expect(panel.statusCode).toBe(200);
    expect(readPage(panel.body).text('main')).not.toContain('Record a child’s notification');
    expect((await w.clients.panel.get('/referrals/new?route=s44-referral')).statusCode).toBe(403);
    expect((await w.clients.panel.post('/referrals/new', child)).statusCode).toBe(403);
    const viewer = await w.clients.viewer.get('/referrals');
    expect(viewer.statusCode).toBe(403);
    expect(readPage(viewer.body).all('.govuk-service-navigation a')).not.toContain('Referrals');
  });

  it('answers 404 for another partnership’s referral, on every page of it', async () => {
    const url = await record(child);
    for (const path of ['', '/rapid-review', '/decision', '/requests/new']) {
      expect((await w.clients.other.get(`${url}${path}`)).statusCode, path).toBe(404);
    }
    expect((await w.clients.other.post(`${url}/decision`, { outcome: 'no-lcspr' })).statusCode).toBe(404);
    expect(readPage((await w.clients.other.get('/referrals')).body).text('#register')).toContain('No referrals');
  });
});

describe('a child’s notification', () => {
  it('runs a rapid review with agency summaries, one late and one overdue, then an LCSPR decision starts the review', async () => {
    const url = await record(child);
    let page = readPage((await w.clients.manager.get(url)).body);
    expect(page.h1).toBe('Child A, received 2 March 2026');
    // 15 working days after Monday 2 March 2026, and not sent by today (8 April).
    expect(page.text('#rapid-review + p')).toContain('Overdue');
    expect(page.text('#rapid-review + p')).toContain('23 March 2026');

    for (const agency of ['Health visiting', 'Police']) {
      const res = await w.clients.manager.post(`${url}/requests/new`, {
        agency,
        ...dateFields({ requestedOn: '2026-03-03' }),
        workingDays: '5',
      });
      expect(res.statusCode, res.body).toBe(303);
    }
    page = readPage((await w.clients.manager.get(url)).body);
    const late = page.root.querySelectorAll('#agency-summaries + .app-table-region table a')[0]!.getAttribute('href')!;
    expect((await w.clients.manager.post(late, dateFields({ receivedOn: '2026-03-12' }))).statusCode).toBe(303);
    page = readPage((await w.clients.manager.get(url)).body);
    const rows = page.all('#agency-summaries + .app-table-region table tbody tr');
    expect(rows[0]).toContain('Health visiting 10 March 2026 Received late on 12 March 2026');
    expect(rows[1]).toContain('Police 10 March 2026 Overdue Not received; it was due by 10 March 2026');

    const version = page.root.querySelector('input[name=version]')?.getAttribute('value');
    expect(version).toBeUndefined();
    const rr = readPage((await w.clients.manager.get(`${url}/rapid-review`)).body);
    const saved = await w.clients.manager.post(`${url}/rapid-review`, {
      version: rr.root.querySelector('input[name=version]')!.getAttribute('value')!,
      safetyActions: 'Sibling placed with grandparents under a safety plan',
      ...dateFields({ meetingOn: '2026-03-16', submittedOn: '2026-03-20', panelResponseOn: '2026-04-01' }),
      panelResponse: 'The Panel agrees a local review is right.',
    });
    expect(saved.statusCode, saved.body).toBe(303);
    page = readPage((await w.clients.manager.get(url)).body);
    expect(page.text('#rapid-review + p')).toContain('Sent to the Panel on 20 March 2026');
    expect(page.text('#rapid-review-details')).toContain('1 April 2026: The Panel agrees a local review is right.');

    const form = readPage((await w.clients.manager.get(`${url}/decision`)).body);
    const decided = await w.clients.manager.post(`${url}/decision`, {
      version: form.root.querySelector('input[name=version]')!.getAttribute('value')!,
      outcome: 'lcspr',
      reasons: 'Two agencies did not share what they knew.',
      criteria: ['jointWorking', 'improvements'],
      'reason-jointWorking': 'Health and police did not share the referral.',
      'reason-improvements': 'Escalation routes were unclear.',
      ...dateFields({ decidedOn: '2026-04-02' }),
      decidedByRole: 'The safeguarding partners’ delegates',
    });
    expect(decided.statusCode, decided.body).toBe(303);
    const reviewUrl = decided.headers.location as string;
    const reviewId = reviewUrl.split('/').pop()!;
    const review = await w.db.selectFrom('review').selectAll().where('id', '=', reviewId).executeTakeFirstOrThrow();
    expect(review).toMatchObject({
      type: 'local-cspr',
      subject_pseudonym: 'Child A',
      awareness_date: '2026-02-26',
      notification_date: '2026-03-02',
      rapid_review_date: '2026-03-20',
      decision_date: '2026-04-02',
      organisation_id: w.orgA.id,
    });
    const agencies = await w.db.selectFrom('review_scope').select('text').where('review_id', '=', reviewId).execute();
    expect(agencies[0]!.text).toBe('- Children’s social care\n- Health visiting\n- Police');
    const reviewPage = readPage((await w.clients.manager.get(reviewUrl)).body);
    expect(reviewPage.text('#review-origin')).toContain(
      'Started from the notification received on 2 March 2026 from Children’s social care',
    );

    page = readPage((await w.clients.manager.get(url)).body);
    expect(page.text('main')).toContain(`Converted to review ${review.reference}`);
    expect(page.text('#decision-details')).toContain('Health and police did not share the referral.');
    expect(page.all('#notices li')).toEqual([
      'Overdue Tell the Child Safeguarding Practice Review Panel: it was due by 23 March 2026',
      'Overdue Tell Ofsted: it was due by 23 March 2026',
      'Overdue Tell the Department for Education: it was due by 23 March 2026',
    ]);
    const notices = readPage((await w.clients.manager.get(`${url}/notices`)).body);
    const told = await w.clients.manager.post(`${url}/notices`, {
      version: notices.root.querySelector('input[name=version]')!.getAttribute('value')!,
      ...dateFields({ panel: '2026-04-03' }),
    });
    expect(told.statusCode, told.body).toBe(303);
    expect(readPage((await w.clients.manager.get(url)).body).all('#notices li')[0]).toBe(
      'Done Tell the Child Safeguarding Practice Review Panel: told on 3 April 2026',
    );
    const register = readPage((await w.clients.manager.get('/referrals?stage=converted')).body);
    expect(register.text('#register')).toContain(`Converted to review ${review.reference}`);

    const actions = await w.db
      .selectFrom('audit_event')
      .select('action')
      .where('object_id', '=', url.split('/').pop()!)
      .where('action', '!=', 'referral.viewed')
      .execute();
    // The clock stands still in this test, so the events are compared as a set.
    expect(actions.map((a) => a.action).sort()).toEqual([
      'referral.converted',
      'referral.created',
      'referral.decided',
      'referral.notices_recorded',
      'referral.rapid_review_saved',
      'referral.summary_requested',
      'referral.summary_requested',
      'referral.summary_updated',
    ]);

    // Once the review has started: a business manager cannot change the decision; an admin must say why.
    const change = { outcome: 'no-lcspr', reasons: 'On reflection, no.', decidedByRole: 'Partners' };
    const current = String(
      (
        await w.db
          .selectFrom('referral')
          .select('version')
          .where('id', '=', url.split('/').pop()!)
          .executeTakeFirstOrThrow()
      ).version,
    );
    const byManager = await w.clients.manager.post(`${url}/decision`, {
      ...change,
      version: current,
      ...dateFields({ decidedOn: '2026-04-03' }),
    });
    expect(byManager.statusCode).toBe(403);
    const stale = await w.clients.admin.post(`${url}/decision`, { ...change, version: '1' });
    expect(stale.statusCode).toBe(409);
    expect(readPage(stale.body).text('.govuk-notification-banner')).toContain('Someone else changed this referral');
    const noReason = await w.clients.admin.post(`${url}/decision`, {
      ...change,
      version: current,
      ...dateFields({ decidedOn: '2026-04-03' }),
    });
    expect(noReason.statusCode).toBe(400);
    expect(readPage(noReason.body).errorLinks).toEqual([
      { text: 'Enter why the decision is changing now that the review has started', href: '#changeReason' },
    ]);
    const reviews = await countOf('review');
    const withReason = await w.clients.admin.post(`${url}/decision`, {
      ...change,
      version: current,
      changeReason: 'The Panel has taken the case as a national review.',
      ...dateFields({ decidedOn: '2026-04-03' }),
    });
    expect(withReason.statusCode, withReason.body).toBe(303);
    expect(await countOf('review')).toBe(reviews);
    expect(readPage((await w.clients.admin.get(url)).body).text('#decision-details')).toContain(
      'Why it was changed The Panel has taken the case as a national review.',
    );
  });

  it('keeps what was typed and refuses bad dates, real names and text over the limit', async () => {
    const empty = await w.clients.manager.post('/referrals/new', { route: 'serious-incident-notification' });
    expect(empty.statusCode).toBe(400);
    const page = readPage(empty.body);
    expect(page.title).toMatch(/^Error: /);
    expect(page.errorLinks.map((l) => l.href)).toEqual([
      '#sourceAgency',
      '#subjectPseudonym',
      '#criteria-seriousCase',
      '#receivedOn-day',
    ]);
    const bad = await w.clients.manager.post('/referrals/new', {
      ...child,
      ...dateFields({ receivedOn: '2026-02-31', awareOn: '2026-03-01' }),
      subjectPseudonym: 'Jane Smith',
      sourceAgency: 'x'.repeat(201),
    });
    const badPage = readPage(bad.body);
    expect(badPage.errorLinks.map((l) => l.text)).toEqual([
      'Source agency must be 200 characters or fewer',
      'Enter a pseudonym like Child A or Adult B, not a real name',
      'Date received must be a real date',
    ]);
    expect(badPage.root.querySelector('#sourceAgency')!.getAttribute('value')).toBe('x'.repeat(201));
    expect(badPage.root.querySelector('#receivedOn-day')!.getAttribute('value')).toBe('31');

    const url = await record(child);
    const before = await w.clients.manager.post(`${url}/decision`, {
      version: '1',
      outcome: 'lcspr',
      reasons: 'r'.repeat(5001),
      ...dateFields({ decidedOn: '2026-03-01' }),
      decidedByRole: 'Partners',
    });
    expect(before.statusCode).toBe(400);
    expect(readPage(before.body).errorLinks.map((l) => l.text)).toEqual([
      'Reasons must be 5000 characters or fewer',
      'Select the regulation 11 criteria the case meets, with a reason for each',
      'Date of the decision must be the same as or after the date the referral was received',
    ]);
    expect(readPage(before.body).text('#reasons')).toHaveLength(5001);
    const order = await w.clients.manager.post(`${url}/rapid-review`, {
      version: '1',
      ...dateFields({ meetingOn: '2026-03-16', submittedOn: '2026-03-10', panelResponseOn: '2026-04-20' }),
    });
    expect(readPage(order.body).errorLinks.map((l) => l.text)).toEqual([
      'Date of the Panel’s response must be today or in the past',
      'Date sent to the Panel must be the same as or after the date of the meeting',
    ]);
    const referral = await w.db
      .selectFrom('referral')
      .selectAll()
      .where('id', '=', url.split('/').pop()!)
      .executeTakeFirstOrThrow();
    expect(referral).toMatchObject({ outcome: null, meeting_on: null, version: 1 });
    // A stale version saves nothing and loses nothing typed.
    const stale = await w.clients.manager.post(`${url}/rapid-review`, { version: '7', safetyActions: 'Typed here' });
    expect(stale.statusCode).toBe(409);
    expect(readPage(stale.body).text('.govuk-notification-banner')).toContain('nothing was saved');
    expect(readPage(stale.body).text('#safetyActions')).toBe('Typed here');
  });

  it('records one not taken forward, with its reasons, and filters the register', async () => {
    const url = await record({ ...child, subjectPseudonym: 'Child N' });
    const res = await w.clients.manager.post(`${url}/decision`, {
      version: '1',
      outcome: 'no-lcspr',
      reasons: 'Learning already taken forward by the single agency review.',
      ...dateFields({ decidedOn: '2026-03-20' }),
      decidedByRole: 'Partners’ delegates',
    });
    expect(res.statusCode, res.body).toBe(303);
    const page = readPage((await w.clients.manager.get('/referrals?stage=not-taken-forward')).body);
    expect(page.all('#register tbody tr')).toEqual([
      expect.stringContaining(
        'Not taken forward No local child safeguarding practice review: Learning already taken forward by the single agency review.',
      ),
    ]);
    expect(page.text('#register')).toContain('Child N');
  });
});
