import type autocannon from 'autocannon';
import { signedInFixture, type SignedInFixture } from './lib/fixtures.js';
import type { LoadRequest } from './lib/load.js';
import type { Scenario, ScenarioContext } from './lib/scenario.js';

/**
 * Signed-in scenarios (issue 5): the round overview page, and saving one answer through the API
 * (a durable commit of the answer, its revision row and an audit event), on SQLite and on PostgreSQL.
 */

export const SAVE_FIXED_RATE = 200;

/** One fixture per server, shared by that server's scenarios. */
const fixtures = new Map<string, Promise<SignedInFixture>>();
function fixtureFor(ctx: ScenarioContext): Promise<SignedInFixture> {
  const server = Object.values(ctx.servers).find((s) => s.url === ctx.baseUrl);
  if (!server?.database) throw new Error(`no database known for ${ctx.baseUrl}`);
  let fixture = fixtures.get(ctx.baseUrl);
  if (!fixture) {
    fixture = signedInFixture(server.database, ctx.baseUrl);
    fixtures.set(ctx.baseUrl, fixture);
  }
  return fixture;
}

function overviewScenario(server: string, suffix: string): Scenario {
  return {
    name: `round-overview${suffix}`,
    description: `Maximum throughput of a signed-in round overview page (task list of 18 markers)${suffix ? ' on PostgreSQL' : ''}`,
    server,
    requests: [],
    baseline: 'baseline',
    setup: async (ctx) => {
      const f = await fixtureFor(ctx);
      return { headers: { cookie: f.cookie }, requests: [{ path: `/reviews/${f.reviewId}/rounds/${f.roundId}` }] };
    },
  };
}

/**
 * Each save names the version its question was last seen at. autocannon keeps no state per connection
 * across a one-request sequence, so questions are handed out in turn, never one already in flight; a
 * request cut off at the end of a run never answers, so its question stays out of use (its version is
 * unknown), which leaves plenty of the framework's 139 questions for 10 connections.
 */
function saveRequests(f: SignedInFixture, versions: Map<number, number>, inFlight: Set<number>): LoadRequest[] {
  let next = 0;
  let saves = 0;
  const answers = ['yes', 'partly', 'no', 'not-yet-known'];
  const pick = () => {
    for (let tried = 0; tried < f.questions.length; tried++) {
      const index = next++ % f.questions.length;
      if (!inFlight.has(index) && versions.has(index)) return index;
    }
    throw new Error('save-answer: every question is in flight or of unknown version');
  };
  const setupRequest: autocannon.Request['setupRequest'] = (req, context: { question?: number }) => {
    // autocannon may build the same request twice before sending it: keep the question it was given.
    context.question ??= pick();
    const index = context.question;
    inFlight.add(index);
    const q = f.questions[index]!;
    saves += 1;
    return {
      ...req,
      path: `/api/v1/reviews/${f.reviewId}/rounds/${f.roundId}/markers/${q.markerKey}/questions/${q.questionKey}`,
      body: JSON.stringify({
        version: versions.get(index),
        answer: answers[saves % answers.length],
        note: `Benchmark save ${saves}`,
      }),
    };
  };
  const onResponse: autocannon.Request['onResponse'] = (status, body, context: { question?: number }) => {
    const index = context.question;
    if (index === undefined) return;
    if (status === 200) versions.set(index, (JSON.parse(body) as { version: number }).version);
    else versions.delete(index);
    inFlight.delete(index);
    delete context.question;
  };
  return [
    {
      method: 'PUT',
      path: '/',
      headers: { authorization: f.bearer, 'content-type': 'application/json' },
      setupRequest,
      onResponse,
    },
  ];
}

const inFlightByServer = new Map<string, Set<number>>();
const versionsByServer = new Map<string, Promise<Map<number, number>>>();
async function currentVersions(ctx: ScenarioContext, f: SignedInFixture): Promise<Map<number, number>> {
  let versions = versionsByServer.get(ctx.baseUrl);
  if (!versions) {
    versions = (async () => {
      const found = new Map<number, number>();
      for (const markerKey of [...new Set(f.questions.map((q) => q.markerKey))]) {
        const url = `${ctx.baseUrl}/api/v1/reviews/${f.reviewId}/rounds/${f.roundId}/markers/${markerKey}`;
        const res = await fetch(url, { headers: { authorization: f.bearer } });
        if (!res.ok) throw new Error(`GET ${url} answered ${res.status}`);
        const record = (await res.json()) as { questions: { key: string; version: number }[] };
        for (const q of record.questions) {
          const index = f.questions.findIndex((x) => x.markerKey === markerKey && x.questionKey === q.key);
          if (index >= 0) found.set(index, q.version);
        }
      }
      return found;
    })();
    versionsByServer.set(ctx.baseUrl, versions);
  }
  return versions;
}

function saveScenario(server: string, suffix: string, rate?: number): Scenario {
  const where = suffix ? ' on PostgreSQL' : ' on SQLite';
  return {
    name: rate ? `save-answer${suffix}-fixed-${rate}rps` : `save-answer${suffix}`,
    description: rate
      ? `Latency of saving one answer through the API at a fixed ${rate} requests/s${where}`
      : `Maximum saves per second of one answer through the API${where}`,
    server,
    requests: [],
    ...(rate ? { rate } : {}),
    setup: async (ctx) => {
      const f = await fixtureFor(ctx);
      const inFlight = inFlightByServer.get(ctx.baseUrl) ?? new Set<number>();
      inFlightByServer.set(ctx.baseUrl, inFlight);
      return { requests: saveRequests(f, await currentVersions(ctx, f), inFlight) };
    },
  };
}

/** The scenarios for one app server; `suffix` names the database when it is not the default. */
export function signedInScenarios(server: string, suffix = ''): Scenario[] {
  return [
    overviewScenario(server, suffix),
    saveScenario(server, suffix),
    saveScenario(server, suffix, SAVE_FIXED_RATE),
  ];
}
