import type { Locator } from 'playwright-core';
import { expect } from 'vitest';
import type { Session } from '../../support/browser.js';
import { idAfter } from '../support.js';
import { SignedInPage, squash } from './base.js';

/** `/reviews/{id}/rounds/new`: what a round is for. */
export class NewRoundPage extends SignedInPage {
  readonly path: string;
  readonly heading = 'Start a round';
  constructor(
    session: Session,
    readonly reviewId: string,
  ) {
    super(session);
    this.path = `/reviews/${reviewId}/rounds/new`;
  }

  startWithErrors(): Promise<NewRoundPage> {
    return this.submit(new NewRoundPage(this.session, this.reviewId), () => this.button('Start round').click());
  }

  /** Chooses the purpose and "I will choose the markers": the second page, with the usual ones ticked. */
  async chooseMarkers(purpose: string, number: number): Promise<ChooseMarkersPage> {
    await this.main.getByRole('radio', { name: purpose, exact: true }).check();
    await this.main.getByRole('radio', { name: 'I will choose the markers', exact: true }).check();
    return this.submit(new ChooseMarkersPage(this.session, this.reviewId, number), () =>
      this.button('Start round').click(),
    );
  }

  /** Chooses the purpose (the radio's label) and starts round `number`. */
  async start(purpose: string, number: number): Promise<RoundPage> {
    await this.main.getByRole('radio', { name: purpose, exact: true }).check();
    return this.submit(
      (url) => new RoundPage(this.session, this.reviewId, idAfter(url, 'rounds'), number),
      () => this.button('Start round').click(),
    );
  }
}

/** The second page of "Start a round" (answered at `…/rounds/new`): every marker, the usual ones ticked. */
export class ChooseMarkersPage extends SignedInPage {
  readonly path: string;
  readonly heading: string;
  constructor(
    session: Session,
    readonly reviewId: string,
    readonly number: number,
  ) {
    super(session);
    this.path = `/reviews/${reviewId}/rounds/new`;
    this.heading = `Choose the markers for round ${number}`;
  }

  get boxes(): Locator {
    return this.main.locator('input[name="markers"]');
  }

  /** The labels of the markers ticked. */
  async ticked(): Promise<string[]> {
    const labels: string[] = [];
    for (const box of await this.boxes.all()) {
      if (await box.isChecked())
        labels.push(squash(await this.main.locator(`label[for="${await box.getAttribute('id')}"]`).innerText()));
    }
    return labels;
  }

  /** Ticks exactly these markers (by label) and starts the round. */
  async startWith(labels: string[]): Promise<RoundPage> {
    for (const box of await this.boxes.all()) await box.uncheck();
    for (const label of labels) await this.main.getByRole('checkbox', { name: label, exact: true }).check();
    return this.submit(
      (url) => new RoundPage(this.session, this.reviewId, idAfter(url, 'rounds'), this.number),
      () => this.button('Start round').click(),
    );
  }
}

/** `/reviews/{id}/rounds/{roundId}`: the round's task list per stage, and its sign-off. */
export class RoundPage extends SignedInPage {
  readonly path: string;
  readonly heading: string;
  constructor(
    session: Session,
    readonly reviewId: string,
    readonly roundId: string,
    readonly number: number,
  ) {
    super(session);
    this.path = `/reviews/${reviewId}/rounds/${roundId}`;
    this.heading = `Round ${number}`;
  }

  get tasks(): Locator {
    return this.page.locator('.govuk-task-list__item');
  }

  /** The task list row of a marker, by its title ("1. Referral"). */
  task(title: string): Locator {
    return this.tasks.filter({ has: this.page.getByRole('link', { name: title, exact: true }) });
  }

  /** The titles of the markers the task list shows as not in this round. */
  async notInRound(): Promise<string[]> {
    const rows = this.tasks.filter({ hasText: 'Not in this round' });
    return (await rows.locator('.govuk-task-list__name-and-hint').allInnerTexts()).map(squash);
  }

  /** What the task list says of a marker: its status and judgement hint. */
  async taskState(title: string): Promise<{ status: string; hint: string }> {
    const row = this.task(title);
    return {
      status: squash(await row.locator('.govuk-task-list__status').innerText()),
      hint: squash(await row.locator('.govuk-task-list__hint').innerText()),
    };
  }

  get signOff(): Locator {
    return this.page.locator('.app-signoff');
  }

  openMarker(key: string, title: string): Promise<MarkerRecordPage> {
    return this.submit(new MarkerRecordPage(this.session, this.reviewId, this.roundId, key, title), () =>
      this.main.getByRole('link', { name: title, exact: true }).click(),
    );
  }

  /** Presses a sign-off button ("Send for sign-off", "Approve and lock"); the round page comes back. */
  signOffStep(button: string): Promise<RoundPage> {
    const to = new RoundPage(this.session, this.reviewId, this.roundId, this.number);
    if (button === 'Send for sign-off') return this.sendForSignOff(to);
    return this.submit(to, () => this.signOff.getByRole('button', { name: button, exact: true }).click());
  }

  /**
   * Presses "Send for sign-off"; while markers are not completed, the confirmation page lists them and
   * is confirmed. Lands on `to`.
   */
  async sendForSignOff<T extends SignedInPage>(to: T): Promise<T> {
    const press = () => this.signOff.getByRole('button', { name: 'Send for sign-off', exact: true }).click();
    const progress = /(\d+) of (\d+) markers completed/.exec(squash(await this.signOff.innerText()));
    const left = progress ? Number(progress[2]) - Number(progress[1]) : 0;
    if (!left) return this.submit(to, press);
    const confirm = await this.submit(new SendForSignOffPage(this.session, this, left), press);
    expect(await confirm.listed.count(), 'the markers not completed, listed').toBe(left);
    return confirm.confirm(to);
  }
}

/** `…/sign-off` answering "Send for sign-off" while markers are not completed: which, and are you sure. */
export class SendForSignOffPage extends SignedInPage {
  readonly path: string;
  readonly heading: string;
  constructor(session: Session, round: RoundPage, notCompleted: number) {
    super(session);
    this.path = `${round.path}/sign-off`;
    this.heading = `Send round ${round.number} for sign-off with ${notCompleted} marker${notCompleted === 1 ? '' : 's'} not completed?`;
  }

  get listed(): Locator {
    return this.main.locator('#not-completed li');
  }

  confirm<T extends SignedInPage>(to: T): Promise<T> {
    return this.submit(to, () => this.button('Yes, send for sign-off').click());
  }
}

/** `/reviews/{id}/rounds/{roundId}/markers/{key}`: a marker's quality record in a round. */
export class MarkerRecordPage extends SignedInPage {
  readonly path: string;
  constructor(
    session: Session,
    readonly reviewId: string,
    readonly roundId: string,
    readonly key: string,
    /** "1. Referral" */
    readonly heading: string,
    override readonly expectedStatus = 200,
  ) {
    super(session);
    this.path = `/reviews/${reviewId}/rounds/${roundId}/markers/${key}`;
  }

  /** The same page, as a form post answers it (errors, a conflict) or as a save lands on it. */
  again(): MarkerRecordPage {
    return new MarkerRecordPage(this.session, this.reviewId, this.roundId, this.key, this.heading);
  }

  get form(): Locator {
    return this.page.locator('form[data-module="app-autosave"]');
  }

  get status(): Locator {
    return this.form.locator('[data-autosave-status]');
  }

  /** The notes of question `n` (from 1). */
  note(n: number): Locator {
    return this.form.getByLabel(`Notes on question ${n}`, { exact: true });
  }

  /** The answer radio of question `questionKey` with this label ("Yes", "Partly"…). */
  answer(questionKey: string, label: string): Locator {
    return this.form.locator(`#question-${questionKey}`).getByRole('radio', { name: label, exact: true });
  }

  judgement(label: string): Locator {
    return this.form
      .getByRole('group', { name: 'Is this marker met?' })
      .getByRole('radio', { name: label, exact: true });
  }

  get progress(): Locator {
    return this.form.getByLabel('Progress', { exact: true });
  }

  get rationale(): Locator {
    return this.form.locator('#rationale');
  }

  /** The "Their version" boxes a conflict shows. */
  get theirVersions(): Locator {
    return this.form.locator('.app-conflict');
  }

  get lockedNotice(): Locator {
    return this.main.getByText('This round is signed off and locked.', { exact: true });
  }

  /** Presses Save; the marker page comes back (saved, with errors, or with a conflict). */
  save(): Promise<MarkerRecordPage> {
    return this.submit(this.again(), () => this.button('Save').click());
  }

  /** Presses "Save and continue to the next marker"; the next marker's page comes back, saying what was saved. */
  saveAndContinue(next: { key: string; title: string }): Promise<MarkerRecordPage> {
    const to = new MarkerRecordPage(this.session, this.reviewId, this.roundId, next.key, next.title);
    return this.submit(to, () => this.button('Save and continue to the next marker').click());
  }

  /** On the last marker: "Save and go back to the round". */
  saveAndBackToRound(number: number): Promise<RoundPage> {
    const to = new RoundPage(this.session, this.reviewId, this.roundId, number);
    return this.submit(to, () => this.button('Save and go back to the round').click());
  }

  /** The quality statement shown at the top of the page. */
  get qualityStatement(): Locator {
    return this.main.locator('.app-quality-statement');
  }

  /** The contents list of a marker with more than 5 questions. */
  get contents(): Locator {
    return this.main.getByRole('navigation', { name: 'Contents' });
  }

  openHistory(): Promise<HistoryPage> {
    const to = new HistoryPage(this.session, this.path, this.heading);
    return this.submit(to, () =>
      this.main.getByRole('link', { name: 'See every saved version of this marker' }).click(),
    );
  }

  backToRound(number: number): Promise<RoundPage> {
    const to = new RoundPage(this.session, this.reviewId, this.roundId, number);
    return this.submit(to, () =>
      this.page
        .locator('.govuk-breadcrumbs')
        .getByRole('link', { name: `Round ${number}`, exact: true })
        .click(),
    );
  }
}

/** `…/markers/{key}/history`: every saved version of a marker's record and answers. */
export class HistoryPage extends SignedInPage {
  readonly path: string;
  readonly heading: string;
  constructor(session: Session, markerPath: string, markerHeading: string) {
    super(session);
    this.path = `${markerPath}/history`;
    this.heading = `History of ${markerHeading}`;
  }

  get versions(): Locator {
    return this.main.locator('table.govuk-table tbody tr');
  }
}
