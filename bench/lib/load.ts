import autocannon from 'autocannon';
import { onInterrupt } from './processes.js';

/** A thin wrapper over autocannon's programmatic API: one bounded run, checked and summarised. */

export interface LoadRequest {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  headers?: Record<string, string>;
  body?: string;
  /** autocannon's per-request hooks, for requests that depend on earlier responses (e.g. CSRF tokens). */
  setupRequest?: autocannon.Request['setupRequest'];
  onResponse?: autocannon.Request['onResponse'];
}

export interface LoadOptions {
  /** Origin only, e.g. http://127.0.0.1:3000; each request carries its own path. */
  baseUrl: string;
  /** Cycled through in order by every connection. */
  requests: LoadRequest[];
  connections: number;
  durationSeconds: number;
  /** Requests per second across all connections, sent evenly spaced (see open-loop.ts); omitted = as fast as possible. */
  overallRate?: number;
  /** Headers added to every request (e.g. a session cookie from a scenario's setup). */
  headers?: Record<string, string>;
}

export interface LoadResult {
  /** Mean of autocannon's per-second samples of completed 2xx… responses (autocannon's "Req/Sec Avg"). */
  rps: number;
  /** Exact percentiles of the 2xx response times, from every response (sub-millisecond resolution). */
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
  /** autocannon's own histogram (whole milliseconds), for the runs autocannon made. */
  autocannon?: { p50Ms: number; p99Ms: number };
  totalResponses: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  resets: number;
  statusCodes: Record<string, number>;
  bytesPerResponse: number;
  durationSeconds: number;
}

export class LoadError extends Error {
  constructor(
    message: string,
    readonly result?: LoadResult,
  ) {
    super(message);
    this.name = 'LoadError';
  }
}

export function runLoad(opts: LoadOptions): Promise<LoadResult> {
  const latencies: number[] = [];
  return new Promise<LoadResult>((resolve, reject) => {
    const options: autocannon.Options = {
      url: opts.baseUrl,
      connections: opts.connections,
      duration: opts.durationSeconds,
      requests: opts.requests.map(toAutocannonRequest),
      timeout: 10,
    };
    // Only set keys that have values: autocannon merges options over its defaults.
    if (opts.overallRate) options.overallRate = opts.overallRate;
    if (opts.headers) options.headers = opts.headers;
    const instance = autocannon(options, (err, raw) => {
      removeInterrupt();
      if (err) return reject(err);
      resolve(summarise(raw, latencies));
    });
    const removeInterrupt = onInterrupt(() => instance.stop());
    instance.on('response', (_client: unknown, statusCode: number, _bytes: number, responseTimeMs: number) => {
      if (statusCode >= 200 && statusCode < 300) latencies.push(responseTimeMs);
    });
  });
}

/** autocannon merges requests over its defaults with Object.assign: keys set to undefined would erase them. */
function toAutocannonRequest(r: LoadRequest): autocannon.Request {
  const request: autocannon.Request = { method: r.method ?? 'GET', path: r.path };
  if (r.headers) request.headers = r.headers;
  if (r.body !== undefined) request.body = r.body;
  if (r.setupRequest) request.setupRequest = r.setupRequest;
  if (r.onResponse) request.onResponse = r.onResponse;
  return request;
}

/** Throws if any response was not 2xx, or any request failed or timed out. */
export function assertClean(name: string, result: LoadResult): void {
  const problems = [
    result.non2xx && `${result.non2xx} non-2xx responses`,
    result.errors && `${result.errors} errors`,
    result.timeouts && `${result.timeouts} timeouts`,
    result.totalResponses === 0 && 'no responses at all',
  ].filter(Boolean);
  if (problems.length) {
    throw new LoadError(
      `scenario "${name}" failed: ${problems.join(', ')}; status codes ${JSON.stringify(result.statusCodes)}`,
      result,
    );
  }
}

function summarise(raw: autocannon.Result, latencies: number[]): LoadResult {
  const sorted = Float64Array.from(latencies).sort();
  const statusCodes = Object.fromEntries(Object.entries(raw.statusCodeStats).map(([code, s]) => [code, s.count]));
  const totalResponses = Object.values(statusCodes).reduce((a, b) => a + b, 0);
  return {
    rps: raw.requests.average,
    p50Ms: percentile(sorted, 0.5),
    p95Ms: percentile(sorted, 0.95),
    p99Ms: percentile(sorted, 0.99),
    maxMs: sorted.length ? (sorted[sorted.length - 1] ?? 0) : 0,
    autocannon: { p50Ms: raw.latency.p50, p99Ms: raw.latency.p99 },
    totalResponses,
    non2xx: raw.non2xx,
    errors: raw.errors,
    timeouts: raw.timeouts,
    resets: raw.resets,
    statusCodes,
    bytesPerResponse: raw['2xx'] ? raw.throughput.total / raw['2xx'] : 0,
    durationSeconds: raw.duration,
  };
}

/** Nearest-rank percentile of an ascending array. */
export function percentile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(q * sorted.length)));
  return sorted[rank - 1] ?? Number.NaN;
}
