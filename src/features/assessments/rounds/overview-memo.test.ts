import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../../test/helpers/app.js';
import { Client, createSession, insertOrganisation, insertPerson } from '../../../../test/helpers/client.js';
import { readPage } from '../../../../test/helpers/html.js';
import { addToTeam, reviewThroughForm } from '../../../../test/helpers/reviews.js';

// Production configuration: only there are rendered pages kept and reused.
let t: TestApp;
let manager: Client;
let panel: Client;
let roundUrl: string;

async function clientFor(person: Parameters<typeof createSession>[1], organisationId: string) {
  const client = new Client(t.app);
  client.cookies.set('__Host-qm_session', await createSession(t.testDb.db, person, organisationId));
  return client;
}

const csrfOf = (html: string) => [...html.matchAll(/name="_csrf" value="([^"]+)"/g)].map((m) => m[1]);

beforeAll(async () => {
  t = await buildTestApp({}, { NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(40) });
  const db = t.testDb.db;
  const org = await insertOrganisation(db, 'Memo Partnership');
  const m = await insertPerson(db, org.id, 'member');
  const p = await insertPerson(db, org.id, 'member');
  manager = await clientFor(m, org.id);
  panel = await clientFor(p, org.id);
  const reviewUrl = await reviewThroughForm(manager, {
    reference: 'LCSPR 9',
    title: 'Memo review',
    subjectPseudonym: 'Child B',
  });
  await addToTeam(db, org.id, reviewUrl.split('/').pop()!, [[p, 'panel-member']] as const);
  roundUrl = (await manager.post(`${reviewUrl}/rounds/new`, { purpose: 'in-review' })).headers.location as string;
});
afterAll(async () => t.close());

describe('the round page, rendered once and reused while nothing on it changes', () => {
  it('gives each view its own nonce and CSRF token, and the same page otherwise', async () => {
    const [a, b] = [await manager.get(roundUrl), await manager.get(roundUrl)];
    expect(a.statusCode).toBe(200);
    expect(b.statusCode).toBe(200);
    const nonceOf = (csp: unknown) => /'nonce-([^']+)'/.exec(String(csp))![1]!;
    const [na, nb] = [nonceOf(a.headers['content-security-policy']), nonceOf(b.headers['content-security-policy'])];
    expect(na).not.toBe(nb);
    expect(b.body).toContain(`nonce="${nb}"`);
    expect(b.body).not.toMatch(/qm-(nonce|csrf)-/);
    // Every form on one page carries the same token, which the server accepts.
    const tokens = csrfOf(b.body);
    expect(tokens.length).toBeGreaterThan(1);
    expect(new Set(tokens).size).toBe(1);
    const normalise = (body: string, nonce: string) =>
      body
        .split(nonce)
        .join('N')
        .replace(/name="_csrf" value="[^"]+"/g, 'CSRF');
    expect(normalise(b.body, nb)).toBe(normalise(a.body, na));
    const sent = await manager.post(`${roundUrl}/sign-off`, { action: 'send', confirm: 'yes' }, { csrfFrom: roundUrl });
    expect(sent.statusCode).toBe(303);
  });

  it('shows a change the moment it is saved: status, judgement and sign-off', async () => {
    const before = readPage((await panel.get(roundUrl)).body);
    expect(before.text('.app-signoff')).toContain('Awaiting sign-off');
    const marker = await manager.get(`${roundUrl}/markers/referral`);
    const version = /name="version" value="(\d+)"/.exec(marker.body)?.[1];
    expect(version).toBeDefined();
    const saved = await manager.post(
      `${roundUrl}/markers/referral`,
      { version: version!, judgement: 'met', status: 'completed', rationale: 'Seen in the minutes' },
      { csrfFrom: `${roundUrl}/markers/referral` },
    );
    expect(saved.statusCode).toBe(303);
    const after = readPage((await panel.get(roundUrl)).body);
    expect(after.text('body')).toContain('1 of');
    expect(after.text('body')).toContain('Judgement: Met');
  });

  it('never shows one person the page rendered for another', async () => {
    const mine = await manager.get(roundUrl);
    const theirs = await panel.get(roundUrl);
    const nameOf = (html: string) => readPage(html).text('.govuk-service-navigation');
    expect(nameOf(mine.body)).not.toBe(nameOf(theirs.body));
  });
});
