import type { Scenario } from './lib/scenario.js';
import { learningScenarios } from './learning.js';
import { signedInScenarios } from './signed-in.js';

/**
 * The scenarios, run in this order. To add one: give it a name, the server it targets (a key of
 * the servers run.ts starts), its request(s) and, if it needs one, a setup (e.g. sign in and
 * return the session cookie as a header).
 */

export const MARKER_PAGE = '/frameworks/scr-quality-markers/family-involvement';
export const FIXED_RATE = 1_000;

const markerPage = [{ path: MARKER_PAGE }];

export const scenarios: Scenario[] = [
  {
    name: 'marker-page',
    description: 'Maximum throughput of the marker page (public, rendered with Nunjucks on every request)',
    server: 'app',
    requests: markerPage,
    baseline: 'baseline',
  },
  {
    name: 'baseline',
    description: 'Maximum throughput of a bare node:http server answering the same HTML from memory',
    server: 'baseline',
    requests: markerPage,
  },
  {
    name: 'marker-page-br',
    description:
      'Maximum throughput of the marker page asked for as browsers do (Accept-Encoding: br, gzip): compressed on every request',
    server: 'app',
    requests: [{ path: MARKER_PAGE, headers: { 'accept-encoding': 'br, gzip' } }],
  },
  {
    name: `marker-page-fixed-${FIXED_RATE}rps`,
    description: `Latency of the marker page at a fixed ${FIXED_RATE} requests/s`,
    server: 'app',
    requests: markerPage,
    rate: FIXED_RATE,
  },
  {
    name: `baseline-fixed-${FIXED_RATE}rps`,
    description: `Latency of the baseline at a fixed ${FIXED_RATE} requests/s`,
    server: 'baseline',
    requests: markerPage,
    rate: FIXED_RATE,
  },
  ...signedInScenarios('app'),
  ...signedInScenarios('app-postgres', '-postgres'),
  ...learningScenarios('app'),
  ...learningScenarios('app-postgres', '-postgres'),
];
