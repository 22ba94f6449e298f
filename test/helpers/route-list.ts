import type * as Fastify from 'fastify';

/** A route as the app registered it: one method (HEAD separately) and the path pattern. */
export interface RegisteredRoute {
  method: string;
  url: string;
}

/**
 * Fastify keeps no public list of its routes. A test file mocks `fastify` with this, so every app it
 * builds adds an onRoute hook before any plugin registers a route, and `registered` fills up:
 *
 *   const registered = vi.hoisted(() => [] as RegisteredRoute[]);
 *   vi.mock('fastify', async (importOriginal) =>
 *     (await import('./helpers/route-list.js')).listingRoutes(await importOriginal(), registered));
 *
 * (This module imports fastify's types only, so the mock's factory can load it.)
 */
export function listingRoutes(original: typeof Fastify, registered: RegisteredRoute[]): typeof Fastify {
  const factory = original.default;
  const withRouteList = ((options?: Parameters<typeof factory>[0]) => {
    const app = factory(options);
    app.addHook('onRoute', (route) => {
      for (const method of [route.method].flat()) registered.push({ method, url: route.url });
    });
    return app;
  }) as typeof factory;
  return { ...original, default: withRouteList };
}

export const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Each registered unsafe route once. */
export function unsafeRoutes(registered: readonly RegisteredRoute[]): RegisteredRoute[] {
  const seen = new Set<string>();
  return registered.filter((r) => {
    const key = `${r.method} ${r.url}`;
    if (!UNSAFE.has(r.method) || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
