import http from 'node:http';
import { onInterrupt } from './processes.js';
import { percentile, type LoadOptions, type LoadResult } from './load.js';

/**
 * Load at a fixed rate, open loop: request k is due at start + k ÷ rate, evenly spaced, whether or not
 * earlier ones have answered, and its latency is counted from when it was due, so a stall is charged to
 * every request it holds up (no coordinated omission).
 *
 * autocannon's `overallRate` is not this: it gives each connection a budget of rate ÷ connections
 * requests per second and lets it spend the budget back to back at the start of every second, so a
 * "200 requests/s" run is a burst at full concurrency five times a second and measures the latency of a
 * saturated server, not of one serving 200 requests a second.
 */
export function runOpenLoop(opts: LoadOptions & { overallRate: number }): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: opts.connections });
  const intervalMs = 1000 / opts.overallRate;
  const total = Math.round(opts.durationSeconds * opts.overallRate);
  const latencies: number[] = [];
  const statusCodes: Record<string, number> = {};
  let errors = 0;
  let timeouts = 0;
  let bytes2xx = 0;
  /** Requests whose time has come; of those, sent; of those, answered (or failed). */
  let due = 0;
  let sent = 0;
  let settled = 0;
  let stopped = false;

  return new Promise<LoadResult>((resolve) => {
    const start = performance.now();
    const removeInterrupt = onInterrupt(() => {
      stopped = true;
    });

    let finished = false;
    const finish = () => {
      if (finished) return;
      finished = true;
      removeInterrupt();
      agent.destroy();
      const durationSeconds = (performance.now() - start) / 1000;
      const sorted = Float64Array.from(latencies).sort();
      const ok = latencies.length;
      const totalResponses = Object.values(statusCodes).reduce((a, b) => a + b, 0);
      resolve({
        rps: ok / durationSeconds,
        p50Ms: percentile(sorted, 0.5),
        p95Ms: percentile(sorted, 0.95),
        p99Ms: percentile(sorted, 0.99),
        maxMs: ok ? (sorted[ok - 1] ?? 0) : 0,
        totalResponses,
        non2xx: totalResponses - ok,
        errors,
        timeouts,
        resets: 0,
        statusCodes,
        bytesPerResponse: ok ? bytes2xx / ok : 0,
        durationSeconds,
      });
    };

    const send = (index: number, dueAt: number) => {
      const template = opts.requests[index % opts.requests.length]!;
      const context: Record<string, unknown> = {};
      let request: { method: string; path: string; headers?: Record<string, string>; body?: string | Buffer } = {
        method: template.method ?? 'GET',
        path: template.path,
        headers: template.headers,
        body: template.body,
      };
      if (template.setupRequest) request = { ...request, ...template.setupRequest(request, context) };
      const body = request.body === undefined ? undefined : Buffer.from(request.body);
      const req = http.request(
        `${opts.baseUrl}${request.path}`,
        {
          agent,
          method: request.method,
          headers: { ...opts.headers, ...request.headers, ...(body ? { 'content-length': String(body.length) } : {}) },
          timeout: 10_000,
        },
        (res) => {
          // Only a request that reads its response keeps the body; the others just count its bytes.
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (template.onResponse) chunks.push(chunk);
          });
          res.on('end', () => {
            const status = res.statusCode ?? 0;
            statusCodes[status] = (statusCodes[status] ?? 0) + 1;
            if (status >= 200 && status < 300) {
              latencies.push(performance.now() - dueAt);
              bytes2xx += size;
            }
            const headers = res.headers as Record<string, string>;
            template.onResponse?.(status, Buffer.concat(chunks).toString(), context, headers);
            done();
          });
        },
      );
      let timedOut = false;
      req.on('timeout', () => {
        timedOut = true;
        timeouts += 1;
        req.destroy(new Error('timeout'));
      });
      req.on('error', () => {
        if (!timedOut) errors += 1;
        done();
      });
      req.end(body);
    };

    // Requests that fell due while every connection was busy wait here, in order, for the next free
    // connection (as they would in any client with this many connections); their wait counts in their
    // latency. They are built only when sent, so a scenario's setupRequest sees at most `connections`
    // requests in flight.
    const dispatch = () => {
      while (sent < due && sent - settled < opts.connections) {
        sent += 1;
        send(sent - 1, start + (sent - 1) * intervalMs);
      }
    };

    const done = () => {
      settled += 1;
      dispatch();
      if (settled === due && (due === total || stopped)) finish();
    };

    const tick = () => {
      const now = performance.now();
      while (!stopped && due < total && start + due * intervalMs <= now) due += 1;
      if (!stopped) dispatch();
      if (stopped || due === total) {
        if (stopped) due = sent;
        if (settled === due) finish();
        return;
      }
      setTimeout(tick, Math.max(0, start + due * intervalMs - performance.now()));
    };
    tick();
  });
}
