import { describe, expect, it } from 'vitest';
import { pageStateKey } from './support/page-state.js';
import { useBrowserSuite } from './support/suite.js';

// The browser suite runs axe once per page state (e2e/support/audit.ts): the key must see past what changes
// on every load, and must not see past a change axe would judge.
const suite = useBrowserSuite();

describe('the page state axe is run once for', () => {
  it('is the same for two loads of a page, and for a page whose words alone differ', async () => {
    const session = await suite.session({ javaScript: false });
    const keyOf = async (path: string) => {
      await session.page.goto(suite.app.url(path));
      return session.page.evaluate(pageStateKey);
    };
    const first = await keyOf('/search?q=zebra');
    expect(await keyOf('/search?q=zebra')).toBe(first);
    // "No markers match ‘giraffe’": the same page to axe, other words.
    expect(await keyOf('/search?q=giraffe')).toBe(first);
  });

  it('differs when an error summary appears, or a result list is empty', async () => {
    const session = await suite.session({ javaScript: false });
    const keyOf = async (path: string) => {
      await session.page.goto(suite.app.url(path));
      return session.page.evaluate(pageStateKey);
    };
    const results = await keyOf('/search?q=family');
    const error = await keyOf('/search?q=');
    const none = await keyOf('/search?q=zebra');
    expect(new Set([results, error, none]).size).toBe(3);
  });
});
