import { AppPage } from './app-page.js';
import { FRAMEWORKS, FrameworkPage, type FrameworkKey } from './framework.js';

/** `/frameworks`: the frameworks to choose from. */
export class FrameworksPage extends AppPage {
  readonly path = '/frameworks';
  readonly heading = 'Quality marker frameworks';

  openFramework(key: FrameworkKey): Promise<FrameworkPage> {
    return this.follow(new FrameworkPage(this.session, key), this.link(FRAMEWORKS[key].title));
  }
}
