import type { AddressInfo } from 'node:net';
import { buildTestApp, type TestApp } from '../../test/helpers/app.js';

/**
 * The real app, listening on a free port on 127.0.0.1, with a fresh migrated database of its own. Its views
 * are cached as in production (as every test app's are: test/helpers/config.ts), so the template and page
 * caches are what the browser sees.
 */
export interface RunningApp {
  baseUrl: string;
  testApp: TestApp;
  /** An absolute URL for a path on the app, such as `/frameworks?x=1`. */
  url(path: string): string;
  close(): Promise<void>;
}

export async function startApp(): Promise<RunningApp> {
  const testApp = await buildTestApp();
  try {
    await testApp.app.listen({ port: 0, host: '127.0.0.1' });
  } catch (error) {
    await testApp.close();
    throw error;
  }
  const { address, port } = testApp.app.server.address() as AddressInfo;
  const baseUrl = `http://${address}:${port}`;
  return {
    baseUrl,
    testApp,
    url: (path) => new URL(path, baseUrl).toString(),
    close: () => testApp.close(),
  };
}
