import type { Locator } from 'playwright-core';
import type { Session } from '../../support/browser.js';
import { idAfter } from '../support.js';
import { SignedInPage } from './base.js';
import { NewRoundPage } from './rounds.js';

/** What the "Start a review" form asks. */
export interface NewReview {
  reference: string;
  title: string;
  pseudonym: string;
  /** The label of a review type radio, like "Local child safeguarding practice review". */
  type: string;
  /** The label of a method radio, like "Significant incident learning process (SILP)". */
  method: string;
}

/** `/reviews`: the partnership's reviews (those the person is on, unless an admin). */
export class ReviewsPage extends SignedInPage {
  readonly path = '/reviews';
  readonly heading = 'Reviews';

  get rows(): Locator {
    return this.page.locator('table.govuk-table tbody tr');
  }

  openNew(): Promise<NewReviewPage> {
    return this.submit(new NewReviewPage(this.session), () => this.button('Start a review').click());
  }

  openReview(reference: string, id: string, title: string): Promise<ReviewPage> {
    return this.submit(new ReviewPage(this.session, id, title), () => this.link(reference).click());
  }
}

/** `/reviews/new`: starting a review. */
export class NewReviewPage extends SignedInPage {
  readonly path = '/reviews/new';
  readonly heading = 'Start a review';

  async fill(review: Partial<NewReview>): Promise<void> {
    if (review.reference !== undefined) await this.field('Review reference').fill(review.reference);
    if (review.title !== undefined) await this.field('Title').fill(review.title);
    if (review.pseudonym !== undefined) await this.field('Pseudonym of the child or adult').fill(review.pseudonym);
    if (review.type) await this.main.getByRole('radio', { name: review.type, exact: true }).check();
    if (review.method) await this.main.getByRole('radio', { name: review.method, exact: true }).check();
  }

  /** Presses "Start review" expecting errors: the same form again. */
  startWithErrors(): Promise<NewReviewPage> {
    return this.submit(new NewReviewPage(this.session), () => this.button('Start review').click());
  }

  async start(review: NewReview): Promise<ReviewPage> {
    await this.fill(review);
    return this.submit(
      (url) => new ReviewPage(this.session, idAfter(url, 'reviews'), review.title),
      () => this.button('Start review').click(),
    );
  }
}

/** `/reviews/{id}`: a review's overview. */
export class ReviewPage extends SignedInPage {
  readonly path: string;
  constructor(
    session: Session,
    readonly id: string,
    readonly heading: string,
  ) {
    super(session);
    this.path = `/reviews/${id}`;
  }

  openKeyDates(): Promise<KeyDatesPage> {
    return this.submit(new KeyDatesPage(this.session, this.id), () =>
      this.main.getByRole('link', { name: /^Change key dates/ }).click(),
    );
  }

  openTeam(): Promise<TeamPage> {
    return this.submit(new TeamPage(this.session, this.id), () => this.link('Manage the team').click());
  }

  openScope(): Promise<ScopePage> {
    return this.submit(new ScopePage(this.session, this.id), () =>
      this.main.getByRole('link', { name: /^Write or change the scope/ }).click(),
    );
  }

  openNewRound(): Promise<NewRoundPage> {
    return this.submit(new NewRoundPage(this.session, this.id), () => this.button('Start a round').click());
  }
}

/** `/reviews/{id}/dates`: key dates and the timescales worked out from them. */
export class KeyDatesPage extends SignedInPage {
  readonly path: string;
  readonly heading = 'Key dates and timescales';
  constructor(
    session: Session,
    readonly reviewId: string,
    /** Where the page is: the extension form's errors come back from the address it posts to */
    path = `/reviews/${reviewId}/dates`,
  ) {
    super(session);
    this.path = path;
  }

  /** Fills one key date's day, month and year ("notification" is the "Date of notification"). */
  async fillDate(name: string, day: string, month: string, year: string): Promise<void> {
    await this.page.locator(`#${name}-day`).fill(day);
    await this.page.locator(`#${name}-month`).fill(month);
    await this.page.locator(`#${name}-year`).fill(year);
  }

  save(): Promise<KeyDatesPage> {
    return this.submit(new KeyDatesPage(this.session, this.reviewId), () => this.button('Save key dates').click());
  }

  /** Records an extension or a pause with the form below the timescales (fill its fields first). */
  recordChange(expect: 'saved' | 'errors' = 'saved'): Promise<KeyDatesPage> {
    const path = expect === 'errors' ? `/reviews/${this.reviewId}/clocks` : undefined;
    return this.submit(new KeyDatesPage(this.session, this.reviewId, path), () =>
      this.button('Record extension or pause').click(),
    );
  }
}

/** `/reviews/{id}/team`: who is on the review, and adding people to it. */
export class TeamPage extends SignedInPage {
  readonly path: string;
  readonly heading = 'Review team';
  constructor(
    session: Session,
    readonly reviewId: string,
  ) {
    super(session);
    this.path = `/reviews/${reviewId}/team`;
  }

  get members(): Locator {
    return this.page.locator('#team tbody tr');
  }

  /** Adds a person (chosen by their name) with a review role (the radio's label); empty parts are left unset. */
  async add(name: string | null, role: string | null): Promise<TeamPage> {
    if (name) await this.field('Person').selectOption({ label: await this.optionLabel(name) });
    if (role) await this.main.getByRole('radio', { name: role, exact: true }).check();
    return this.submit(new TeamPage(this.session, this.reviewId), () => this.button('Add to team').click());
  }

  private async optionLabel(name: string): Promise<string> {
    const labels = await this.field('Person').locator('option').allInnerTexts();
    const label = labels.find((l) => l.startsWith(`${name} (`));
    if (!label) throw new Error(`No one called ${name} to add: ${labels.join(', ')}`);
    return label;
  }
}

/** `/reviews/{id}/scope`: the scope and terms of reference, section by section. */
export class ScopePage extends SignedInPage {
  readonly path: string;
  readonly heading = 'Scope and terms of reference';
  constructor(
    session: Session,
    readonly reviewId: string,
  ) {
    super(session);
    this.path = `/reviews/${reviewId}/scope`;
  }

  /** Opens a section ("period") with its card's Write or Change link. */
  openSection(key: string, title: string): Promise<ScopeSectionPage> {
    return this.submit(new ScopeSectionPage(this.session, this.reviewId, key, title), () =>
      this.page
        .locator(`#${key}`)
        .getByRole('link', { name: /^(Write|Change)/ })
        .click(),
    );
  }
}

/** `/reviews/{id}/scope/{section}`: writing one part of the scope. */
export class ScopeSectionPage extends SignedInPage {
  readonly path: string;
  constructor(
    session: Session,
    readonly reviewId: string,
    readonly key: string,
    readonly heading: string,
  ) {
    super(session);
    this.path = `/reviews/${reviewId}/scope/${key}`;
  }

  get text(): Locator {
    return this.page.locator('#text');
  }

  /** Saves the text typed; `saved` says whether it should go back to the scope, or show errors here. */
  async save(text: string, saved: boolean): Promise<SignedInPage> {
    await this.text.fill(text);
    const to = saved
      ? new ScopePage(this.session, this.reviewId)
      : new ScopeSectionPage(this.session, this.reviewId, this.key, this.heading);
    return this.submit(to, () => this.button('Save').click());
  }
}
