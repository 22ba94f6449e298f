import type { Locator } from 'playwright-core';
import type { Session } from '../../support/browser.js';
import { SignedInPage, squash } from './base.js';

/** A board report: `/reviews/:id/report` (latest round, or `?round=`) or `/reviews/:id/rounds/:roundId/report`. */
export class ReportPage extends SignedInPage {
  constructor(
    session: Session,
    readonly path: string,
    readonly heading: string,
  ) {
    super(session);
  }

  /** The figures of a chart's table, a row at a time, header cells included. */
  async tableRows(id: string): Promise<string[][]> {
    return this.page
      .locator(`#${id} tbody tr`)
      .evaluateAll((rows) =>
        rows.map((r) =>
          Array.from(r.querySelectorAll('th, td')).map((c) => (c.textContent ?? '').replace(/\s+/g, ' ').trim()),
        ),
      );
  }

  get markers(): Locator {
    return this.page.locator('.app-report-marker');
  }

  async text(): Promise<string> {
    return squash(await this.main.innerText());
  }

  /** Follows "Print this report" to the print view of the same report. */
  openPrintView(): Promise<ReportPage> {
    const to = new ReportPage(this.session, `${this.path}${this.path.includes('?') ? '&' : '?'}print=1`, this.heading);
    return this.submit(to, () => this.main.getByRole('link', { name: /^Print this report/ }).click());
  }

  /** Ticks "Show questions not yet answered" and updates the report (a GET form: no JavaScript needed). */
  showUnanswered(): Promise<ReportPage> {
    const to = new ReportPage(
      this.session,
      `${this.path}${this.path.includes('?') ? '&' : '?'}unanswered=show`,
      this.heading,
    );
    return this.submit(to, async () => {
      await this.main.getByLabel('Show questions not yet answered', { exact: true }).check();
      await this.button('Update report').click();
    });
  }

  /** Whether any of the site's navigation (header, service navigation, breadcrumbs, footer) is visible. */
  async navigationVisible(): Promise<boolean> {
    for (const selector of [
      '.govuk-header, .govuk-generic-header',
      '.govuk-service-navigation',
      '.govuk-breadcrumbs',
      '.govuk-footer',
    ]) {
      for (const el of await this.page.locator(selector).all()) if (await el.isVisible()) return true;
    }
    return false;
  }
}

/** `/admin/settings/logo`: the partnership's logo for reports. */
export class LogoPage extends SignedInPage {
  readonly path = '/admin/settings/logo';
  readonly heading = 'Logo for reports';

  async upload(file: { name: string; mimeType: string; buffer: Buffer }): Promise<LogoPage> {
    await this.page.locator('#logo').setInputFiles(file);
    return this.submit(new LogoPage(this.session), () => this.button('Save logo').click());
  }
}
