import type { Locator } from 'playwright-core';
import type { Session } from '../../support/browser.js';
import { SignedInPage, squash } from './base.js';
import { HistoryPage, MarkerRecordPage, RoundPage } from './rounds.js';

/** The texts of some table rows, each squashed to one line. */
async function rowTexts(rows: Locator): Promise<string[]> {
  return (await rows.allInnerTexts()).map(squash);
}

/** `/reviews/{id}/rounds/compare[?a={roundId}&b={roundId}]`: two rounds of a review side by side. */
export class ComparePage extends SignedInPage {
  readonly heading = 'Compare rounds';
  readonly path: string;
  constructor(
    session: Session,
    readonly reviewId: string,
    query = '',
    override readonly expectedStatus = 200,
  ) {
    super(session);
    this.path = `/reviews/${reviewId}/rounds/compare${query}`;
  }

  /** Follows a round page's "Compare with another round" link (which names that round as the second). */
  static open(round: RoundPage): Promise<ComparePage> {
    const to = new ComparePage(round.session, round.reviewId, `?b=${round.roundId}`);
    return round.submit(to, () => round.main.getByRole('link', { name: 'Compare with another round' }).click());
  }

  /** The round chosen in a select ("First round", "Second round"): its option's text. */
  async chosen(label: 'First round' | 'Second round'): Promise<string> {
    return squash(await this.field(label).locator('option:checked').innerText());
  }

  /** Chooses two rounds by their option's text ("Round 1 (Planning)") and presses Compare. */
  async compare(first: string, second: string): Promise<ComparePage> {
    await this.field('First round').selectOption({ label: first });
    await this.field('Second round').selectOption({ label: second });
    return this.submit(
      (url) => new ComparePage(this.session, this.reviewId, new URL(url).search),
      () => this.button('Compare').click(),
    );
  }

  /** A marker's row of the side-by-side table: marker, first round, second round, change. */
  async markerRow(key: string): Promise<string[]> {
    return rowTexts(this.page.locator(`#marker-${key}`).locator('th, td'));
  }

  /** "1 of 5 markers changed" under a stage's heading. */
  async stageSummary(stageKey: string): Promise<string> {
    return squash(await this.page.locator(`#stage-${stageKey} + p`).innerText());
  }

  /** The rows of a marker's "Answers that differ" table. */
  answerDifferences(key: string): Promise<string[]> {
    return rowTexts(this.page.locator(`#answers-${key} + .app-table-region table tbody tr`));
  }

  get tables(): Locator {
    return this.main.locator('table');
  }
}

/** A marker's history, read table by table, with its Restore buttons. */
export class MarkerHistoryPage extends HistoryPage {
  constructor(readonly marker: MarkerRecordPage) {
    super(marker.session, marker.path, marker.heading);
  }

  /** Follows the marker page's "See every saved version" link. */
  static open(marker: MarkerRecordPage): Promise<MarkerHistoryPage> {
    return marker.submit(new MarkerHistoryPage(marker), () =>
      marker.main.getByRole('link', { name: 'See every saved version of this marker' }).click(),
    );
  }

  get judgementTable(): Locator {
    return this.main.getByRole('table', { name: 'Versions of the judgement', exact: true });
  }

  answerTable(n: number): Locator {
    return this.main.getByRole('table', { name: `Versions of the answer to question ${n}`, exact: true });
  }

  /** Each version of the judgement, newest first: "3 (current) | 2026-05-01 10:12 by Member 1a2b | Met: … | Completed". */
  judgementVersions(): Promise<string[]> {
    return this.versionsIn(this.judgementTable);
  }

  answerVersions(n: number): Promise<string[]> {
    return this.versionsIn(this.answerTable(n));
  }

  /** The accessible names of every Restore button on the page. */
  restoreButtonNames(): Promise<string[]> {
    return this.main
      .getByRole('button')
      .filter({ hasText: 'Restore' })
      .evaluateAll((buttons) => buttons.map((b) => (b.textContent ?? '').replace(/\s+/g, ' ').trim()));
  }

  /** Restores a version of the judgement; the marker page comes back with it. */
  restoreJudgement(version: number): Promise<MarkerRecordPage> {
    const button = this.judgementTable.getByRole('button', { name: new RegExp(`^Restore version ${version}\\b`) });
    return this.submit(this.marker.again(), () => button.click());
  }

  private async versionsIn(table: Locator): Promise<string[]> {
    const rows = table.locator('tbody tr');
    const out: string[] = [];
    for (const row of await rows.all()) {
      const cells = await rowTexts(row.locator('td'));
      out.push(cells.filter((c) => c && !c.startsWith('Restore')).join(' | '));
    }
    return out;
  }
}

/** A round page seen for its sign-off panel: what it says, which buttons it offers, the chair's form. */
export class SignOffRoundPage extends RoundPage {
  /** The same round page, in the same session, as a sign-off step leads back to it. */
  again(): SignOffRoundPage {
    return new SignOffRoundPage(this.session, this.reviewId, this.roundId, this.number);
  }

  /** The panel's text, on one line. */
  async panelText(): Promise<string> {
    return squash(await this.signOff.innerText());
  }

  /** The texts of the buttons in the panel. */
  async buttons(): Promise<string[]> {
    return rowTexts(this.signOff.getByRole('button'));
  }

  get comment(): Locator {
    return this.signOff.getByLabel('Comments for the team', { exact: true });
  }

  /** What the chair wrote on returning or approving the round, as the panel shows it. */
  get chairNote(): Locator {
    return this.signOff.locator('.govuk-inset-text');
  }

  /**
   * Presses a panel button ("Send for sign-off", "Approve and lock", "Reopen round"), first typing the
   * chair's comments if given; the round comes back.
   */
  async step(button: string, comment?: string): Promise<SignOffRoundPage> {
    if (comment !== undefined) await this.comment.fill(comment);
    if (button === 'Send for sign-off') return this.sendForSignOff(this.again());
    return this.submit(this.again(), () => this.signOff.getByRole('button', { name: button, exact: true }).click());
  }

  /** Types the comments and presses "Return with comments"; the round comes back, open again. */
  returnWith(comment: string): Promise<SignOffRoundPage> {
    return this.returnTo(comment, this.again());
  }

  /** Types the comments (maybe none) and presses "Return with comments", landing on `to`. */
  async returnTo<T extends SignedInPage>(comment: string, to: T): Promise<T> {
    await this.comment.fill(comment);
    return this.submit(to, () =>
      this.signOff.getByRole('button', { name: 'Return with comments', exact: true }).click(),
    );
  }
}

/** The round page a sign-off step with bad comments answers with, at the sign-off URL: errors by the box. */
export class SignOffErrorsPage extends SignOffRoundPage {
  override readonly path: string;
  constructor(session: Session, round: RoundPage) {
    super(session, round.reviewId, round.roundId, round.number);
    this.path = `${round.path}/sign-off`;
  }
}

/**
 * The error page a marker form sent after its round was locked answers with (409, at the marker's URL): the
 * reason, and the way back to the page the form was sent from.
 */
export class LockedRoundRefusalPage extends SignedInPage {
  readonly heading = 'There is a problem';
  readonly path: string;
  constructor(
    session: Session,
    readonly marker: MarkerRecordPage,
  ) {
    super(session);
    this.path = marker.path;
  }

  /** Follows "Go back to the page you were on" to the marker page, now showing the round locked. */
  goBack(): Promise<MarkerRecordPage> {
    return this.submit(this.marker.again(), () =>
      this.main.getByRole('link', { name: 'Go back to the page you were on', exact: true }).click(),
    );
  }
}
