import { beforeAll, describe, expect, it } from 'vitest';
import type { Session } from '../support/browser.js';
import { AuditPage } from './pages/admin.js';
import { squash } from './pages/base.js';
import { LockedRoundRefusalPage, MarkerHistoryPage, SignOffErrorsPage, SignOffRoundPage } from './pages/lifecycle.js';
import { ReviewPage, ReviewsPage, type NewReview } from './pages/reviews.js';
import { MarkerRecordPage, type RoundPage } from './pages/rounds.js';
import { seedPartnership, useSignedInSuite, type Partnership } from './support.js';

// A round's sign-off, without JavaScript: the business manager sends it, the chair returns it with
// comments (an error first, without them), the team sees why, it is sent again and approved (locked),
// then reopened by someone allowed to, which is recorded; a save sent after the approval is refused with the
// way back. Everyone else sees no button for a step that
// is not theirs. Every state of the round page passes axe (WCAG 2.2 AA) and logs no console errors.
const suite = useSignedInSuite();

const REVIEW: NewReview = {
  reference: 'LCSPR 2026/31',
  title: 'A teenager missing from care',
  pseudonym: 'Child H',
  type: 'Local child safeguarding practice review',
  method: 'Significant incident learning process (SILP)',
};
const REFERRAL = { key: 'referral', title: '1. Referral' };
const COMMENTS = 'Add the rationale for the referral marker before I sign this off.';
const APPROVAL = 'Approved: a clear record. Keep the chronology up to date.';
const RATIONALE = 'The referral gives the reasons, the route and the timing.';
const OPEN = 'This round is open for work.';
/** A time as the product writes it: 26 November 2026 at 2:02pm (UK time). */
const DATE = String.raw`\d{1,2} [A-Z][a-z]+ \d{4} at \d{1,2}:\d\d[ap]m`;

let p: Partnership;
/** The lead starts the review (so is its business manager); the chair signs off; the admin is not on the team. */
let lead: Session;
let chair: Session;
let chairJs: Session;
let panel: Session;
let admin: Session;
let round: RoundPage;

const roundAs = (s: Session) => new SignOffRoundPage(s, round.reviewId, round.roundId, 1).goto();
const markerAs = (s: Session) => new MarkerRecordPage(s, round.reviewId, round.roundId, REFERRAL.key, REFERRAL.title);

beforeAll(async () => {
  p = await seedPartnership(suite.app.db, 'Anytown Safeguarding Children Partnership');
  [lead, chair, chairJs, panel, admin] = await Promise.all([
    suite.session({ javaScript: false, as: { person: p.lead, organisationId: p.id } }),
    suite.session({ javaScript: false, as: { person: p.chair, organisationId: p.id } }),
    suite.session({ javaScript: true, as: { person: p.chair, organisationId: p.id } }),
    suite.session({ javaScript: false, as: { person: p.panel, organisationId: p.id } }),
    suite.session({ javaScript: false, as: { person: p.admin, organisationId: p.id } }),
  ]);
});

describe('sign-off, without JavaScript', () => {
  it('starts the review, with its chair and a panel member on the team, and a round', async () => {
    const review = await new ReviewsPage(lead).goto().then((list) => list.openNew().then((f) => f.start(REVIEW)));
    const team = await review.openTeam();
    const full = await team.add(p.chair.name, 'Chair (signs off)').then((t) => t.add(p.panel.name, 'Panel member'));
    expect(await full.members.count()).toBe(3);
    const overview = await new ReviewPage(lead, review.id, REVIEW.title).goto();
    round = await overview.openNewRound().then((form) => form.start('Planning', 1));
  });

  it('is open for work: only the business manager may send it for sign-off', async () => {
    const open = await roundAs(lead);
    expect(await open.panelText()).toBe(`Sign-off ${OPEN} 0 of 13 markers completed. Send for sign-off`);
    expect(await open.buttons()).toEqual(['Send for sign-off']);
    for (const s of [chair, panel]) {
      const theirs = await roundAs(s);
      expect(await theirs.panelText()).toContain(OPEN);
      expect(await theirs.buttons(), 'no sign-off button for the chair or a panel member yet').toEqual([]);
    }
    const sent = await open.step('Send for sign-off');
    expect(await sent.panelText()).toMatch(new RegExp(`^Sign-off Awaiting sign-off Sent to the chair on ${DATE}\\.`));
    expect(await sent.buttons(), 'the team cannot approve it').toEqual([]);
    expect(await sent.comment.count()).toBe(0);
  });

  it('is returned by the chair: an error without comments, then the comments for the team', async () => {
    const toDecide = await roundAs(chair);
    expect(await toDecide.buttons()).toEqual(['Approve and lock', 'Return with comments']);
    expect(await toDecide.comment.inputValue()).toBe('');
    expect(await toDecide.panelText()).toContain('Not completed yet: 1. Referral; 2. Decision making;');

    // Refused without comments: the round page again, the error by the comments box.
    const refused = await toDecide.returnTo('  ', new SignOffErrorsPage(chair, round));
    await refused.expectErrors(['Enter comments saying what needs to change']);
    expect(await refused.buttons()).toEqual(['Approve and lock', 'Return with comments']);
    expect(await (await roundAs(chair)).panelText(), 'nothing changed').toContain('Awaiting sign-off');

    const returned = await (await roundAs(chair)).returnWith(COMMENTS);
    expect(await returned.panelText()).toContain(OPEN);
    expect(squash(await returned.chairNote.innerText())).toBe(`The chair returned this round: ${COMMENTS}`);
    expect(await returned.buttons(), 'the chair cannot send it back to themselves').toEqual([]);
  });

  it('shows the team the round returned with the chair’s comments, open to change and to send again', async () => {
    for (const s of [lead, panel]) {
      const seen = await roundAs(s);
      expect(squash(await seen.chairNote.innerText())).toBe(`The chair returned this round: ${COMMENTS}`);
      expect(await seen.buttons()).toEqual(s === lead ? ['Send for sign-off'] : []);
    }
    const marker = await markerAs(lead).goto();
    await marker.judgement('Met').check();
    await marker.rationale.fill(RATIONALE);
    await marker.progress.selectOption({ label: 'Completed' });
    expect(await (await marker.save()).successText()).toContain('Your changes have been saved.');
  });

  it('is sent again and approved by the chair, which locks it', async () => {
    const sent = await (await roundAs(lead)).step('Send for sign-off');
    expect(await sent.panelText()).toContain('Awaiting sign-off');
    expect(await sent.chairNote.count(), 'the old comments go once it is sent again').toBe(0);

    // A panel member has the marker open while the chair approves.
    const stale = await markerAs(panel).goto();
    const seenWithJs = await roundAs(chairJs);
    expect(await seenWithJs.panelText()).toContain('1 of 13 markers completed.');
    chairJs.expectNoConsoleErrors();
    const approved = await (await roundAs(chair)).step('Approve and lock', APPROVAL);
    expect(await approved.panelText()).toMatch(
      new RegExp(
        `^Sign-off Signed off The chair approved this round on ${DATE}\\. It is locked: nothing in it can change unless it is reopened\\.`,
      ),
    );
    expect(await approved.panelText()).not.toContain('markers completed');
    const seen = await roundAs(lead);
    expect(squash(await seen.chairNote.innerText()), 'the team sees what the chair wrote').toBe(
      `The chair’s comments: ${APPROVAL}`,
    );

    // Their save is refused, with the way back to the marker, which now shows the round locked.
    const refused = await stale.submit(new LockedRoundRefusalPage(panel, stale), () => stale.button('Save').click());
    expect(squash(await refused.main.innerText())).toContain('This round has been signed off and is locked');
    expect(await (await refused.goBack()).lockedNotice.count()).toBe(1);

    const locked = await markerAs(lead).goto();
    expect(await locked.lockedNotice.count()).toBe(1);
    expect(await locked.button('Save').count()).toBe(0);
    const history = await MarkerHistoryPage.open(locked);
    expect((await history.judgementVersions())[1], 'an earlier version is listed').toMatch(/^1 \| /);
    expect(await history.restoreButtonNames(), 'nothing to restore in a locked round').toEqual([]);
  });

  it('offers Reopen only to the chair and partnership admins, not to the rest of the team', async () => {
    for (const s of [lead, panel]) {
      const seen = await roundAs(s);
      expect(await seen.panelText()).toContain('Signed off');
      expect(await seen.buttons(), 'no Reopen button for the business manager or a panel member').toEqual([]);
    }
    for (const s of [chair, admin]) expect(await (await roundAs(s)).buttons()).toEqual(['Reopen round']);
  });

  it('is reopened by a partnership admin, which is recorded, and the team can change it again', async () => {
    const reopened = await (await roundAs(admin)).step('Reopen round');
    expect(await reopened.panelText()).toContain(`${OPEN} 1 of 13 markers completed.`);
    expect(await reopened.chairNote.count()).toBe(0);

    const audit = await new AuditPage(admin).goto().then((log) => log.filter({ action: 'round.sign_off.reopen' }));
    expect(await audit.events.count()).toBe(1);
    const event = (await audit.events.first().locator('td').allInnerTexts()).map(squash);
    expect(event[1]).toContain(p.admin.name);
    expect(event.slice(2, 4)).toEqual(['round.sign_off.reopen', `assessment_round ${round.roundId}`]);

    const marker = await markerAs(lead).goto();
    expect(await marker.lockedNotice.count()).toBe(0);
    await marker.rationale.fill(`${RATIONALE} Checked again after reopening.`);
    const saved = await marker.save();
    expect(await saved.successText()).toContain('Your changes have been saved.');
    expect(await saved.rationale.inputValue()).toBe(`${RATIONALE} Checked again after reopening.`);
    expect(await (await roundAs(lead)).buttons()).toEqual(['Send for sign-off']);
  });
});
