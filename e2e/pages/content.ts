import type { Session } from '../support/browser.js';
import { AppPage } from './app-page.js';

/** `/about`: where the content comes from. */
export class AboutPage extends AppPage {
  readonly path = '/about';
  readonly heading = 'About the content';
}

/** `/accessibility`: the accessibility statement. */
export class AccessibilityPage extends AppPage {
  readonly path = '/accessibility';
  readonly heading = 'Accessibility statement for Quality Markers';
}

/** `/privacy`: the privacy notice. */
export class PrivacyPage extends AppPage {
  readonly path = '/privacy';
  readonly heading = 'Privacy';
}

/** Any address the app does not know: the GOV.UK-style 404 page. */
export class NotFoundPage extends AppPage {
  readonly heading = 'Page not found';
  override readonly expectedStatus = 404;

  constructor(
    session: Session,
    readonly path: string,
  ) {
    super(session);
  }
}

/** `/api/docs`: the API reference, every operation and schema on one long page. */
export class ApiDocsPage extends AppPage {
  readonly path = '/api/docs';
  readonly heading = 'API reference';
}
