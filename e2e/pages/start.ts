import { AppPage } from './app-page.js';
import { FrameworksPage } from './frameworks.js';
import { SearchPage } from './search.js';

/** `/`: what the markers are, and the way in. */
export class StartPage extends AppPage {
  readonly path = '/';
  readonly heading = 'Put the quality markers to work';

  browseMarkers(): Promise<FrameworksPage> {
    // A link styled as a start button: govuk-frontend gives it the button role.
    const start = this.page.locator('main').getByRole('button', { name: 'Browse the markers' });
    return this.follow(new FrameworksPage(this.session), start);
  }

  openSearch(): Promise<SearchPage> {
    return this.follow(
      new SearchPage(this.session),
      this.link('Search', this.page.locator('.govuk-service-navigation')),
    );
  }
}
