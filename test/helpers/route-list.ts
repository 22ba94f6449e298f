import type { RouteOptions } from 'fastify';

/** A route as the app registered it: one method (HEAD separately) and the path pattern. */
export interface RegisteredRoute {
  method: string;
  url: string;
}

/** Every route an app registers, in order, and the onRoute hook (buildApp's `onRoute`) that fills the list. */
export function routeRecorder(): { routes: RegisteredRoute[]; onRoute: (route: RouteOptions) => void } {
  const routes: RegisteredRoute[] = [];
  return {
    routes,
    onRoute: (route) => {
      for (const method of [route.method].flat()) routes.push({ method, url: route.url });
    },
  };
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
