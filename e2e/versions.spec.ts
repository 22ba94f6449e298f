import { describe, expect, it } from 'vitest';
import { useBrowserSuite } from './support/suite.js';

const suite = useBrowserSuite();

describe('framework versions pages', () => {
  it.each([
    '/frameworks/scr-quality-markers/versions',
    '/frameworks/sar-quality-markers/versions',
    '/frameworks/scr-quality-markers/versions/1.0.0...1.0.0',
    '/frameworks/scr-quality-markers/versions/1.0.0...1.1.0',
    '/frameworks/scr-quality-markers@1.0.0',
  ])('%s loads with no axe violations', async (path) => {
    const session = await suite.session({ javaScript: true });
    const response = await session.page.goto(suite.app.url(path));
    expect(response?.status()).toBe(200);
    await session.ready();
    await session.audit();
  });
});
