import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { TINY_PNG } from '../../test/helpers/review-content.js';
import type { Person } from '../../test/helpers/client.js';
import type { Session } from '../support/browser.js';
import { focused } from '../support/focus.js';
import { loadsNewDocument, squash } from './pages/base.js';
import { EvidencePage, type MarkerRef } from './pages/evidence.js';
import { tabTo, tinyPdf } from './pages/evidence-support.js';
import { ReviewsPage, type NewReview } from './pages/reviews.js';
import { seedPartnership, useSignedInSuite, type Partnership } from './support.js';

// The EVIDENCE section and the DISCUSSION thread of a marker page, in each of their states (empty,
// errors, listed, deleted; a comment added, edited, in conflict, resolved, reopened; read-only), each
// with its heading, axe (WCAG 2.2 AA) and no console errors. Mostly without JavaScript; then with it
// and the keyboard alone: Tab to a field, type, Enter, with focus visible on everything on the way.
const suite = useSignedInSuite();

const REVIEW: NewReview = {
  reference: 'LCSPR 2026/21',
  title: 'Bruising to a baby seen by several agencies',
  pseudonym: 'Child G',
  type: 'Local child safeguarding practice review',
  method: 'Significant incident learning process (SILP)',
};
const PDF = tinyPdf();
const FORMAT = 'Enter a web address in the correct format, like https://www.example.com';
const FINGERPRINT =
  'The SHA-256 is a fingerprint that shows the file has not changed: the same file always gives the same one.';
const NOT_ALLOWED = 'The selected file must be a PDF, Word document, Excel spreadsheet, image or plain text file';
const QUESTION = 'Who checked the chronology against the agencies’ own records?';
const EDITED = 'Who checked the chronology against the health and police records?';
const THEIRS = 'Typed in another tab: who checked the chronology?';
const MINE = 'Was the chronology checked against the health, police and school records?';

/** The evidence left once the PDF is deleted, by the start of each item's text. */
const LEFT = ['Panel terms of reference', 'Chair’s view', 'Download family-tree.png'];
const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');
/** A text with its dates and times ("2026-03-04 10:15") as {date}, to compare whole. */
// Times as the product writes them: 26 November 2026 at 2:02pm (UK time).
const undated = (text: string) => squash(text).replace(/\d{1,2} [A-Z][a-z]+ \d{4} at \d{1,2}:\d\d[ap]m/g, '{date}');
/** What the author sees under their own open comment. */
const actions = () => `Edit your comment Mark as resolved the comment by ${p.lead.name}`;

let p: Partnership;
/** The lead starts the review and adds evidence and comments; the chair resolves; the panel member observes. */
let lead: Session, leadNoJs: Session, leadOtherTab: Session, chairNoJs: Session, observerNoJs: Session;
let marker: MarkerRef;
const markerAs = (s: Session) => new EvidencePage(s, marker);

beforeAll(async () => {
  p = await seedPartnership(suite.app.db, 'Anytown Safeguarding Children Partnership');
  const open = (person: Person, javaScript = false) =>
    suite.session({ javaScript, as: { person, organisationId: p.id } });
  lead = await open(p.lead, true);
  leadNoJs = await open(p.lead);
  leadOtherTab = await open(p.lead);
  chairNoJs = await open(p.chair);
  observerNoJs = await open(p.panel);
});

describe('evidence on a marker, without JavaScript', () => {
  it('starts with no evidence and no comments, and the forms to add them', async () => {
    const review = await new ReviewsPage(leadNoJs).goto().then((list) => list.openNew().then((f) => f.start(REVIEW)));
    const withChair = await review.openTeam().then((team) => team.add(p.chair.name, 'Chair (signs off)'));
    const team = await withChair.add(p.panel.name, 'Observer (read only)');
    expect(squash(await team.members.filter({ hasText: p.panel.name }).innerText())).toContain('Observer (read only)');
    const round = await (await review.goto()).openNewRound().then((form) => form.start('Planning', 1));
    marker = { reviewId: review.id, roundId: round.roundId, key: 'referral', title: '1. Referral' };

    const empty = await markerAs(leadNoJs).goto();
    expect(squash(await empty.evidence.innerText())).toContain('No evidence has been added to this marker yet.');
    expect(await empty.evidenceItems.count()).toBe(0);
    const summaries = (await empty.evidence.locator('summary').allInnerTexts()).map(squash);
    expect(summaries).toEqual(['Add a link', 'Add a note', 'Upload a file']);
    expect(squash(await empty.discussion.innerText())).toContain('No one has commented on this marker yet.');
    expect(await empty.comments.count()).toBe(0);
    expect(await empty.field('Add a comment').inputValue()).toBe('');
  });

  it('adds a link, after errors for a missing and a wrong web address that keep what was typed', async () => {
    const missing = await (await markerAs(leadNoJs).goto()).addLink('', '', false);
    await missing.expectErrors(['Enter a title', 'Enter a web address']);
    expect(await missing.evidenceForm('Add a link').getAttribute('open'), 'the form with errors is open').toBe('');
    const wrong = await missing.addLink('Panel terms of reference', 'http://example.org/terms', false);
    await wrong.expectErrors([FORMAT]);
    expect(await wrong.page.locator('#evidence-link-title').inputValue()).toBe('Panel terms of reference');
    expect(await wrong.field('Web address').inputValue()).toBe('http://example.org/terms');
    expect(await wrong.evidenceItems.count(), 'nothing saved').toBe(0);
    const saved = await wrong.addLink('Panel terms of reference', 'https://example.org/terms', true);
    expect(await saved.successText()).toContain('Your changes have been saved.');
    const link = saved.evidence.getByRole('link', { name: 'Panel terms of reference', exact: true });
    expect(await link.getAttribute('href')).toBe('https://example.org/terms');
  });

  it('adds a note, after an error for a missing note', async () => {
    const errors = await (await markerAs(leadNoJs).goto()).addNote('Chair’s view', '  ', false);
    await errors.expectErrors(['Enter the note']);
    expect(await errors.page.locator('#evidence-note-title').inputValue()).toBe('Chair’s view');
    const saved = await errors.addNote('Chair’s view', 'Agreed at the panel on 3 March.', true);
    expect(await saved.evidenceItems.count()).toBe(2);
  });

  it('refuses a file whose content is not an allowed type, whatever its name, then uploads a PDF and a PNG', async () => {
    // A program called .pdf (plain text is now allowed, so the refused file is one with binary content).
    const program = {
      name: 'minutes.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('MZ\x90\x00\x03\x00\x00\x00 not a PDF', 'latin1'),
    };
    const refused = await (await markerAs(leadNoJs).goto()).upload(program, 'Panel minutes', false);
    await refused.expectErrors([NOT_ALLOWED]);
    expect(await refused.field('Title (optional)').inputValue(), 'the title is kept').toBe('Panel minutes');
    expect(await refused.evidenceItems.count(), 'nothing saved').toBe(2);
    const pdf = { name: 'chronology.pdf', mimeType: 'application/pdf', buffer: PDF };
    const withPdf = await refused.upload(pdf, 'Agency chronology', true);
    expect(await withPdf.successText()).toContain('Your changes have been saved.');
    const png = { name: 'family-tree.png', mimeType: 'image/png', buffer: TINY_PNG };
    expect(await (await withPdf.upload(png, '', true)).evidenceItems.count()).toBe(4);
  });

  it('lists each piece of evidence with its details, and each file downloads as itself', async () => {
    const page = await markerAs(leadNoJs).goto();
    const by = `Added by ${p.lead.name} on {date}`;
    expect((await page.evidenceTexts()).map(undated)).toEqual([
      `Panel terms of reference (link to https://example.org/terms) ${by} Delete Panel terms of reference`,
      `Chair’s view (note) Agreed at the panel on 3 March. ${by} Delete Chair’s view`,
      `Download Agency chronology (PDF, 1 KB) chronology.pdf · SHA-256 ${sha256(PDF)} ${FINGERPRINT} ${by} Delete Agency chronology`,
      `Download family-tree.png (PNG image, 1 KB) family-tree.png · SHA-256 ${sha256(TINY_PNG)} ${FINGERPRINT} ${by} Delete family-tree.png`,
    ]);
    await page.expectDownload('Agency chronology', 'chronology.pdf', 'application/pdf', PDF);
    await page.expectDownload('family-tree.png', 'family-tree.png', 'image/png', TINY_PNG);
  });

  it('deletes evidence: it leaves the list and its file no longer downloads', async () => {
    const page = await markerAs(leadNoJs).goto();
    const href = await page.downloadHref('Agency chronology');
    const asked = await page.askToDelete('Agency chronology');
    expect(squash(await asked.main.innerText())).toContain('The file chronology.pdf (1 KB) will no longer be evidence');
    const kept = await asked.submit(page.on(), () => asked.main.getByRole('link', { name: 'Cancel' }).click());
    expect(await kept.evidenceItems.count(), 'Cancel deletes nothing').toBe(LEFT.length + 1);
    const after = await kept.deleteEvidence('Agency chronology');
    expect(await after.successText()).toContain('Your changes have been saved.');
    expect((await after.evidenceTexts()).map((t) => t.split(' (')[0])).toEqual(LEFT);
    expect((await after.download(href)).status, 'a deleted file').toBe(404);
  });
});

describe('the discussion on a marker, without JavaScript', () => {
  it('asks for a comment when it is empty, then adds it', async () => {
    const empty = await (await markerAs(leadNoJs).goto()).addComment('   ', false);
    await empty.expectErrors(['Enter a comment']);
    const added = await empty.addComment(QUESTION, true);
    expect(undated(await added.comment(QUESTION).innerText())).toBe(`${p.lead.name} {date} ${QUESTION} ${actions()}`);
    expect(squash(await added.discussion.innerText())).not.toContain('No one has commented');
    expect(await added.field('Add a comment').inputValue(), 'the box is empty again').toBe('');
  });

  it('lets the author edit their comment, with an error for an empty one, and marks it edited', async () => {
    const page = await markerAs(leadNoJs).goto();
    const form = await page.openEdit(QUESTION);
    expect(await form.field('Edit your comment').inputValue()).toBe(QUESTION);
    const blank = await form.saveEdit('', 'refused');
    await blank.expectErrors(['Enter a comment']);
    const saved = await blank.saveEdit(EDITED, 'saved');
    expect(await saved.comments.count()).toBe(1);
    const shown = undated(await saved.comment(EDITED).innerText());
    expect(shown).toBe(`${p.lead.name} {date} (edited {date}) ${EDITED} ${actions()}`);
  });

  it('shows both versions when the comment was changed in another tab, and keeps its own on saving again', async () => {
    const editIn = async (s: Session) => (await markerAs(s).goto()).openEdit(EDITED);
    const [mine, theirs] = [await editIn(leadNoJs), await editIn(leadOtherTab)];
    await theirs.saveEdit(THEIRS, 'saved');
    const conflict = await mine.saveEdit(MINE, 'refused');
    const shown = squash(await conflict.discussion.locator('.app-conflict').innerText());
    expect(shown).toContain('This comment was changed while you were editing it.');
    expect(shown).toContain(THEIRS);
    expect(await conflict.field('Edit your comment').inputValue(), 'its own text is kept').toBe(MINE);
    const kept = await conflict.saveEdit(MINE, 'saved');
    expect(await kept.comment(MINE).count()).toBe(1);
    expect(await kept.comment(THEIRS).count()).toBe(0);
  });

  it('is resolved by the chair, who cannot edit it, shows who resolved it, and can be reopened', async () => {
    const page = await markerAs(chairNoJs).goto();
    expect(await page.comment(MINE).getByRole('link', { name: 'Edit your comment' }).count(), 'not theirs').toBe(0);
    const editUrl = `${page.markerPath}/comments/${await page.commentId(page.comment(MINE))}/edit`;
    expect((await page.page.request.get(editUrl)).status(), 'nor can they by its address').toBe(403);
    const resolved = await page.resolve(MINE, 'Mark as resolved');
    const comment = resolved.comment(MINE);
    expect(await comment.getAttribute('class')).toContain('app-comment--resolved');
    expect(undated(await comment.innerText())).toBe(
      `${p.lead.name} {date} (edited {date}) Resolved ${MINE} Resolved by ${p.chair.name} on {date} ` +
        `Reopen the comment by ${p.lead.name}`,
    );
    const reopened = await resolved.resolve(MINE, 'Reopen');
    expect(undated(await reopened.comment(MINE).innerText())).not.toContain('Resolved');
    const again = await reopened.resolve(MINE, 'Mark as resolved');
    expect(squash(await again.comment(MINE).innerText())).toContain(`Resolved by ${p.chair.name}`);
  });

  it('shows an observer the evidence and the thread, with no forms, and lets them download a file', async () => {
    const page = await markerAs(observerNoJs).goto();
    expect(squash(await page.main.innerText())).toContain('You can read this marker but not change it.');
    expect(await page.controls.count(), 'no forms, fields or buttons').toBe(0);
    const texts = (await page.evidenceTexts()).map(undated);
    expect(texts.map((t) => t.split(' (')[0])).toEqual(LEFT);
    expect(texts.join(' '), 'no Delete').not.toContain('Delete');
    expect(undated(await page.comment(MINE).innerText())).toBe(
      `${p.lead.name} {date} (edited {date}) Resolved ${MINE} Resolved by ${p.chair.name} on {date}`,
    );
    const [file] = await Promise.all([
      page.page.waitForEvent('download'),
      page.evidence.getByRole('link', { name: 'Download family-tree.png', exact: true }).click(),
    ]);
    expect(file.suggestedFilename()).toBe('family-tree.png');
    await page.expectDownload('family-tree.png', 'family-tree.png', 'image/png', TINY_PNG);
  });
});

describe('with JavaScript and the keyboard alone', () => {
  const press = (key: string) => lead.page.keyboard.press(key);
  const type = (text: string) => lead.page.keyboard.type(text);
  /** Presses a key that loads the marker page at `at`, and checks it. */
  const enterTo = async (at: string) => {
    await loadsNewDocument(lead, () => press('Enter'));
    return markerAs(lead).on(at).expectLoaded();
  };

  it('adds a link, putting an error right from the error summary, and a comment, with Tab, typing and Enter', async () => {
    const page = await markerAs(lead).goto();
    await tabTo(lead, (f) => f.tag === 'summary' && f.text === 'Add a link', 'the Add a link form');
    await press('Enter');
    expect(await page.evidenceForm('Add a link').getAttribute('open'), 'Enter opens it').toBe('');
    expect((await tabTo(lead, (f) => f.tag === 'input', 'its first field')).id).toBe('evidence-link-title');
    await type('Agency returns');
    expect((await tabTo(lead, (f) => f.tag === 'input', 'the web address')).id).toBe('evidence-link-url');
    await type('example.org/returns');
    const errors = await enterTo('/evidence/link');
    await errors.expectErrors([FORMAT]);
    expect((await tabTo(lead, (f) => f.tag === 'a', 'the error')).text).toBe(FORMAT);
    await press('Enter');
    await expect.poll(async () => (await focused(lead.page)).id, { timeout: 5_000 }).toBe('evidence-link-url');
    expect((await focused(lead.page)).indicatorVisible, 'focus is visible on the field').toBe(true);
    await press('Control+A');
    await type('https://example.org/returns');
    const saved = await enterTo('');
    expect(await saved.successText()).toContain('Your changes have been saved.');
    const link = saved.evidence.getByRole('link', { name: 'Agency returns', exact: true });
    expect(await link.getAttribute('href')).toBe('https://example.org/returns');

    expect((await tabTo(lead, (f) => f.id === 'comment-body', 'the comment box')).tag).toBe('textarea');
    await type('Returns are in from every agency but the school.');
    await tabTo(lead, (f) => f.tag === 'button' && f.text === 'Add comment', 'the Add comment button');
    const commented = await enterTo('');
    expect(await commented.comment('Returns are in from every agency but the school.').count()).toBe(1);
    expect(await commented.comments.count()).toBe(2);
    lead.expectNoConsoleErrors();
  });
});
