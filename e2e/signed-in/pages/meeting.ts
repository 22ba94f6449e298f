import type { Locator } from 'playwright-core';
import { expect } from 'vitest';
import type { Session } from '../../support/browser.js';
import { loadsNewDocument, SignedInPage, squash } from './base.js';
import { MarkerRecordPage, RoundPage } from './rounds.js';

/** The h1 of the decision step, above the answers given; read-only, it asks no question. */
export const DECISION_HEADING = 'Decision and rationale: is this marker met?';
export const DECISION_HEADING_READ_ONLY = 'Decision and rationale';

/** A marker's record and answers as the API gives them. */
export interface SavedMarker {
  judgement: string | null;
  status: string;
  rationale: string;
  questions: { answer: string | null; note: string }[];
}

/**
 * `…/markers/{key}/meeting?q={step}`: meeting mode, one marker full-screen for a panel meeting. Steps
 * 1…n are its questions (the h1 is the question), step n + 1 the decision and its rationale.
 */
export class MeetingPage extends SignedInPage {
  readonly path: string;
  constructor(
    session: Session,
    readonly reviewId: string,
    readonly roundId: string,
    readonly key: string,
    readonly step: number,
    /** The question's text, or DECISION_HEADING. */
    readonly heading: string,
    override readonly expectedStatus = 200,
  ) {
    super(session);
    this.path = `/reviews/${reviewId}/rounds/${roundId}/markers/${key}/meeting?q=${step}`;
  }

  /** Another step of the same marker's meeting mode, in the same session. */
  at(step: number, heading: string): MeetingPage {
    return new MeetingPage(this.session, this.reviewId, this.roundId, this.key, step, heading);
  }

  /** The same step, as a form post answers it (errors, a conflict) or as a save lands on it. */
  again(): MeetingPage {
    return this.at(this.step, this.heading);
  }

  /**
   * Opens meeting mode from a marker page (that marker), or from the round page through the agenda
   * (the markers not completed, in the framework's order), which must start with `key`.
   */
  static async open(from: RoundPage | MarkerRecordPage, key: string, firstQuestion: string): Promise<MeetingPage> {
    const to = new MeetingPage(from.session, from.reviewId, from.roundId, key, 1, firstQuestion);
    if (from instanceof RoundPage) {
      // Chromium puts a space before the visually hidden ": choose…" in the link's name.
      const name = /^Meeting mode ?: choose the markers for the meeting$/;
      const choose = await from.submit(new AgendaPage(from.session, from, true), () =>
        from.main.getByRole('link', { name }).click(),
      );
      const agenda = await choose.submit(new AgendaPage(from.session, from, false), () =>
        choose.button('Continue').click(),
      );
      expect(await agenda.firstTitle(), 'the first marker on the agenda').toMatch(/^\d+\. /);
      return agenda.submit(to, () => agenda.main.getByRole('button', { name: /^Start the meeting/ }).click());
    }
    return from.submit(to, () => from.main.getByRole('link', { name: /^Meeting mode for this marker$/ }).click());
  }

  /** The quality statement the first step of each marker shows. */
  get statement(): Locator {
    return this.page.locator('#quality-statement');
  }

  /** The marker as it is saved now, from the API (with this session's sign-in). */
  async saved(): Promise<SavedMarker> {
    const url = `/api/v1/reviews/${this.reviewId}/rounds/${this.roundId}/markers/${this.key}`;
    const response = await this.page.request.get(url);
    expect(response.status(), `GET ${url}`).toBe(200);
    return (await response.json()) as SavedMarker;
  }

  /** "Question 2 of 8", or "Decision and rationale". */
  async stepText(): Promise<string> {
    return squash(await this.page.locator('#meeting-step').innerText());
  }

  get form(): Locator {
    return this.page.locator('form[data-meeting-form]');
  }

  /** The other person's version a conflict shows. */
  get theirVersion(): Locator {
    return this.main.locator('.app-conflict');
  }

  /** The answer radio with this label ("Yes", "Partly"…). */
  answer(label: string): Locator {
    return this.form.getByRole('radio', { name: label, exact: true });
  }

  /** What the form holds: the label of the radio chosen (answer or judgement) and the notes or rationale. */
  async values(): Promise<{ chosen: string | null; text: string }> {
    const checked = this.form.locator('input[name="answer"]:checked, input[name="judgement"]:checked');
    const label = (await checked.count())
      ? squash(await this.form.locator(`label[for="${await checked.getAttribute('id')}"]`).innerText())
      : null;
    return { chosen: label, text: await this.form.locator('textarea').inputValue() };
  }

  /** Chooses a radio (an answer, or the judgement) by its label and types the notes or rationale. */
  async fill(chosen: string, text: string): Promise<void> {
    await this.form.getByRole('radio', { name: chosen, exact: true }).check();
    await this.form.locator('textarea').fill(text);
  }

  /** The decision step's progress: the label of the status chosen. */
  async progress(): Promise<string> {
    const checked = this.form.locator('input[name="status"]:checked');
    return squash(await this.form.locator(`label[for="${await checked.getAttribute('id')}"]`).innerText());
  }

  async setProgress(label: string): Promise<void> {
    await this.form.getByRole('group', { name: 'Progress' }).getByRole('radio', { name: label, exact: true }).check();
  }

  get note(): Locator {
    return this.field('Notes from the discussion');
  }

  /** The "Answers given" list of the decision step. */
  get answersGiven(): Locator {
    return this.main.locator('.app-meeting__answers .govuk-summary-list__row');
  }

  get pagination(): Locator {
    return this.page.getByRole('navigation', { name: 'Questions', exact: true });
  }

  get previousLink(): Locator {
    return this.pagination.locator('a[rel="prev"]');
  }

  get nextLink(): Locator {
    return this.pagination.locator('a[rel="next"]');
  }

  /** The label under a pagination link ("Question 2", "Decision and rationale"). */
  async linkLabel(link: Locator): Promise<string> {
    return squash(await link.locator('.govuk-pagination__link-label').innerText());
  }

  /** The keyboard hint, which meeting.js shows once it has set up the keys. */
  get keyboardHint(): Locator {
    return this.page.locator('[data-meeting-hint]');
  }

  /** Follows the Next link to `to`. */
  next(to: MeetingPage): Promise<MeetingPage> {
    return this.submit(to, () => this.nextLink.click());
  }

  /** Follows the Previous link to `to`. */
  previous(to: MeetingPage): Promise<MeetingPage> {
    return this.submit(to, () => this.previousLink.click());
  }

  /** Presses "Save and continue" on a question; `to` is where it leads (the next step, or the same with errors). */
  saveAndContinue(to: MeetingPage): Promise<MeetingPage> {
    return this.submit(to, () => this.button('Save and continue').click());
  }

  /** Presses "Save decision"; the decision step comes back (saved, or with errors). */
  saveDecision(): Promise<MeetingPage> {
    return this.submit(this.again(), () => this.button('Save decision').click());
  }

  /** Waits until meeting.js (loaded after the page) has set up the keys: it shows the hint then. */
  async keysReady(): Promise<void> {
    await this.keyboardHint.waitFor({ state: 'visible' });
  }

  /** Presses a key (with JavaScript: n, p, ArrowRight, ArrowLeft) that loads `to`, and checks it. */
  async press(key: string, to: MeetingPage): Promise<MeetingPage> {
    await this.keysReady();
    await loadsNewDocument(this.session, () => this.page.keyboard.press(key));
    return to.expectLoaded();
  }

  /** After saving a decision: "Back to the marker". */
  backToMarker(title: string): Promise<MarkerRecordPage> {
    const to = new MarkerRecordPage(this.session, this.reviewId, this.roundId, this.key, title);
    return this.submit(to, () => this.link('Back to the marker').click());
  }

  /** After saving a decision: "Back to round {number}". */
  backToRound(number: number): Promise<RoundPage> {
    const to = new RoundPage(this.session, this.reviewId, this.roundId, number);
    return this.submit(to, () => this.link(`Back to round ${number}`).click());
  }
}

/** `…/rounds/{roundId}/meeting`: choosing the markers for a meeting, then their order (the agenda). */
export class AgendaPage extends SignedInPage {
  readonly path: string;
  readonly heading: string;
  constructor(session: Session, round: RoundPage, choosing: boolean) {
    super(session);
    this.path = `${round.path}/meeting`;
    this.heading = choosing ? 'Choose the markers for the meeting' : 'The meeting’s agenda';
  }

  /** The first marker on the agenda, as listed ("1. Referral"). */
  async firstTitle(): Promise<string> {
    return squash(await this.main.locator('#agenda-list li .govuk-\\!-font-weight-bold').first().innerText());
  }
}
