import type { Locator } from 'playwright-core';
import { expect } from 'vitest';
import type { Session } from '../../support/browser.js';
import { loadsNewDocument, PlainPage, SignedInPage, squash } from './base.js';
import { auditedByMarkerState } from './evidence-support.js';

/** A marker in a round: the ids in its path and its heading ("1. Referral"). */
export interface MarkerRef {
  reviewId: string;
  roundId: string;
  key: string;
  title: string;
}

/** A file to put in a file input, as playwright takes it. */
export interface UploadFile {
  name: string;
  mimeType: string;
  buffer: Buffer;
}

/**
 * `…/markers/{key}`: the marker page seen for its EVIDENCE section and DISCUSSION thread. `at` is where
 * the page is shown: "" for the marker itself, or a form's address when it answers there (`/evidence/link`
 * with errors, `/comments/{id}/edit`, a 409 at `/comments/{id}`). Its load check is SignedInPage's, with
 * axe run once per state of the page as markerState() tells them apart: the suite's own state key does
 * not see the states of these two sections, so a thread with comments would never be audited.
 */
export class EvidencePage extends SignedInPage {
  readonly path: string;
  readonly heading: string;
  readonly markerPath: string;
  constructor(
    session: Session,
    readonly marker: MarkerRef,
    readonly at = '',
  ) {
    super(auditedByMarkerState(session));
    this.heading = marker.title;
    this.markerPath = `/reviews/${marker.reviewId}/rounds/${marker.roundId}/markers/${marker.key}`;
    this.path = this.markerPath + at;
  }

  /** The same marker, shown at another address (a form's answer), or at the marker's own. */
  on(at = ''): EvidencePage {
    return new EvidencePage(this.session, this.marker, at);
  }

  // The evidence section.

  get evidence(): Locator {
    return this.page.locator('#evidence');
  }

  get evidenceItems(): Locator {
    return this.evidence.locator('.app-evidence-item');
  }

  /** Each piece of evidence as its text reads, oldest first. */
  async evidenceTexts(): Promise<string[]> {
    return (await this.evidenceItems.allInnerTexts()).map(squash);
  }

  /** One of the three forms ("Add a link", "Add a note", "Upload a file"): a details element. */
  evidenceForm(summary: string): Locator {
    return this.evidence.locator('details').filter({ has: this.page.getByText(summary, { exact: true }) });
  }

  /** Opens a form's details (if closed), fills its fields by id and presses its button. */
  private async sendEvidence(
    summary: string,
    fields: Record<string, string>,
    button: string,
    to: EvidencePage,
    file?: UploadFile,
  ): Promise<EvidencePage> {
    const details = this.evidenceForm(summary);
    if ((await details.getAttribute('open')) === null) await details.locator('summary').click();
    for (const [id, value] of Object.entries(fields)) await this.page.locator(`#${id}`).fill(value);
    if (file) await this.page.locator('#evidence-file').setInputFiles(file);
    return this.submit(to, () => details.getByRole('button', { name: button, exact: true }).click());
  }

  /** Adds a link; `ok` says whether it is saved (the marker comes back) or refused (errors at `/evidence/link`). */
  addLink(title: string, url: string, ok: boolean): Promise<EvidencePage> {
    const fields = { 'evidence-link-title': title, 'evidence-link-url': url };
    return this.sendEvidence('Add a link', fields, 'Add link', this.on(ok ? '' : '/evidence/link'));
  }

  addNote(title: string, note: string, ok: boolean): Promise<EvidencePage> {
    const fields = { 'evidence-note-title': title, 'evidence-note-text': note };
    return this.sendEvidence('Add a note', fields, 'Add note', this.on(ok ? '' : '/evidence/note'));
  }

  /** Uploads a file with an optional title. */
  upload(file: UploadFile, title: string, ok: boolean): Promise<EvidencePage> {
    const to = this.on(ok ? '' : '/evidence/file');
    return this.sendEvidence('Upload a file', { 'evidence-file-title': title }, 'Upload file', to, file);
  }

  /** Follows "Delete {title}" to the page that asks first, and confirms there; the marker comes back. */
  async deleteEvidence(title: string): Promise<EvidencePage> {
    const asked = await this.askToDelete(title);
    return asked.submit(this.on(), () => asked.button('Delete evidence').click());
  }

  /** Follows "Delete {title}": the page that asks whether to delete it. */
  async askToDelete(title: string): Promise<PlainPage> {
    const link = this.evidence.getByRole('link', { name: `Delete ${title}`, exact: true });
    const href = await link.getAttribute('href');
    expect(href, `a delete link for ${title}`).toMatch(new RegExp(`^${this.markerPath}/evidence/[^/]+/delete$`));
    const asked = new PlainPage(this.session, href!, `Are you sure you want to delete ${title}?`);
    return this.submit(asked, () => link.click());
  }

  /** The address of a file's "Download {title}" link. */
  async downloadHref(title: string): Promise<string> {
    const href = await this.evidence.getByRole('link', { name: `Download ${title}`, exact: true }).getAttribute('href');
    expect(href, `a download link for ${title}`).toMatch(new RegExp(`^${this.markerPath}/evidence/[^/]+$`));
    return href!;
  }

  /** Gets what a download link gives (status, headers, bytes), with this session's sign-in. */
  async download(href: string) {
    const response = await this.page.request.get(href);
    const headers = response.headers();
    return {
      status: response.status(),
      contentType: headers['content-type'],
      disposition: headers['content-disposition'],
      body: await response.body(),
    };
  }

  /** Checks a file's download link gives it back: status, content type, attachment name and bytes. */
  async expectDownload(title: string, fileName: string, contentType: string, data: Buffer): Promise<void> {
    const got = await this.download(await this.downloadHref(title));
    const disposition = `attachment; filename="${fileName}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
    expect(got, `the download of ${title}`).toMatchObject({ status: 200, contentType, disposition });
    expect(got.body.equals(data), `${title}: the bytes uploaded`).toBe(true);
  }

  // The discussion thread.

  get discussion(): Locator {
    return this.page.locator('#discussion');
  }

  get comments(): Locator {
    return this.discussion.locator('.app-comment');
  }

  /** The comment whose text (or author, or dates) includes `text`. */
  comment(text: string): Locator {
    return this.comments.filter({ hasText: text });
  }

  async commentId(comment: Locator): Promise<string> {
    const id = await comment.getAttribute('id');
    expect(id, 'a comment’s id').toMatch(/^comment-./);
    return id!.slice('comment-'.length);
  }

  /** The form controls in the two sections: none for someone who may only read. */
  get controls(): Locator {
    return this.page.locator('#evidence, #discussion').locator('form, input, textarea, button, summary');
  }

  /** Adds a comment; it is saved (the marker comes back) or refused (errors at `/comments`). */
  async addComment(body: string, ok: boolean): Promise<EvidencePage> {
    await this.field('Add a comment').fill(body);
    return this.submit(this.on(ok ? '' : '/comments'), () => this.button('Add comment').click());
  }

  /** Follows the "Edit your comment" link of one's own comment (by its text), to the page with the edit form. */
  async openEdit(text: string): Promise<EvidencePage> {
    const comment = this.comment(text);
    const to = this.on(`/comments/${await this.commentId(comment)}/edit`);
    return this.submit(to, () => comment.getByRole('link', { name: 'Edit your comment', exact: true }).click());
  }

  /** On the edit form: saves the text; `to` is where it lands (the marker, errors or a conflict). */
  async saveEdit(body: string, to: 'saved' | 'refused'): Promise<EvidencePage> {
    await this.field('Edit your comment').fill(body);
    const id = (/\/comments\/([^/]+)/.exec(this.path) ?? [])[1];
    if (to === 'saved') return this.submit(this.on(), () => this.button('Save comment').click());
    await loadsNewDocument(this.session, () => this.button('Save comment').click());
    // The form's address ends "#comment-{id}", which the page's URL keeps. Chromium logs a 400 or 409
    // answer to it as a failed load there, and the session only passes over that for a URL without a
    // fragment: take exactly that message, and leave any other to the load check.
    const answered = new RegExp(
      `^Failed to load resource: the server responded with a status of 40[09] .*\\(at ${escape(this.page.url())}\\)$`,
    );
    const others = this.session.takeConsoleErrors().filter((e) => !answered.test(e));
    expect(others, 'console errors').toEqual([]);
    return this.on(`/comments/${id}`).expectLoaded();
  }

  /** Presses "Mark as resolved" or "Reopen" on a comment (by its text); the marker comes back. */
  resolve(text: string, action: 'Mark as resolved' | 'Reopen'): Promise<EvidencePage> {
    // Its name goes on with " the comment by {author}", visually hidden.
    const button = this.comment(text).getByRole('button', { name: new RegExp(`^${action} ?the comment by `) });
    return this.submit(this.on(), () => button.click());
  }
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
