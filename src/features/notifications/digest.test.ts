import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.js';
import {
  insertOrganisation,
  insertPerson,
  signedInClient,
  type Client,
  type Person,
} from '../../../test/helpers/client.js';
import { actionRow, addToTeam, idOf, reviewThroughForm } from '../../../test/helpers/reviews.js';
import { startSmtp, type TestSmtp } from '../../../test/helpers/smtp.js';
import { newId } from '../../lib/ids.js';
import { runDigests, type DigestDeps } from './digest.service.js';

const PUBLIC_URL = 'https://qm.example.org';
// Monday 7 December 2026 (GMT: UK time is UTC).
let now = new Date('2026-12-07T06:30:00Z');

let t: TestApp;
let smtp: TestSmtp;
let deps: DigestDeps;
let manager: Client;
let chair: Client;
let panel: Client;
let people: Record<'manager' | 'chair' | 'panel' | 'idle' | 'stranger', Person>;
let reviewId: string;
let roundId: string;

/** The text of every message received so far to `person`, decoded; then forgets them all. */
async function mailTo(person: Person): Promise<string[]> {
  const texts: string[] = [];
  for (const m of smtp.messages.filter((m) => m.to.includes(person.email))) {
    const split = m.raw.search(/\r?\n\r?\n/);
    const head = m.raw.slice(0, split);
    const body = m.raw.slice(split).trim();
    const encoding = /^Content-Transfer-Encoding:\s*(\S+)/im.exec(head)?.[1]?.toLowerCase();
    texts.push(
      encoding === 'base64'
        ? Buffer.from(body, 'base64').toString('utf8')
        : encoding === 'quoted-printable'
          ? Buffer.from(
              body
                .replace(/=\r?\n/g, '')
                .replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))),
              'latin1',
            ).toString('utf8')
          : body,
    );
  }
  return texts;
}

/** Sessions are made at the real time: keep them live at the test's clock before acting through pages. */
async function at(iso: string) {
  now = new Date(iso);
  await t.testDb.db
    .updateTable('session')
    .set({ last_seen_at: now.toISOString(), expires_at: new Date(now.getTime() + 3600_000).toISOString() })
    .execute();
}

const run = (at: string) => {
  now = new Date(at);
  return runDigests(deps, now);
};

async function insertReview(client: Client, reference: string, title: string, pseudonym: string) {
  return idOf(await reviewThroughForm(client, { reference, title, subjectPseudonym: pseudonym }));
}

beforeAll(async () => {
  smtp = await startSmtp();
  t = await buildTestApp({ clock: () => now }, { SMTP_URL: smtp.url, PUBLIC_URL });
  const db = t.testDb.db;
  deps = { db, catalogue: t.app.frameworks, mailer: t.app.mailer, log: t.app.log, publicUrl: t.app.config.publicUrl };
  const org = await insertOrganisation(db, 'Anytown Partnership');
  const other = await insertOrganisation(db, 'Otherton Partnership');
  people = {
    manager: await insertPerson(db, org.id, 'member'),
    chair: await insertPerson(db, org.id, 'member'),
    panel: await insertPerson(db, org.id, 'member'),
    idle: await insertPerson(db, org.id, 'member'),
    stranger: await insertPerson(db, other.id, 'member'),
  };
  manager = await signedInClient(t.app, db, people.manager, org.id);
  chair = await signedInClient(t.app, db, people.chair, org.id);
  panel = await signedInClient(t.app, db, people.panel, org.id);
  const stranger = await signedInClient(t.app, db, people.stranger, other.id);

  reviewId = await insertReview(manager, 'LCSPR 7', 'Practice review', 'Child A');
  await addToTeam(db, org.id, reviewId, [
    [people.chair, 'chair'],
    [people.panel, 'panel-member'],
  ] as const);
  // Aware on 20 November: notification was due by 27 November and is overdue.
  await db.updateTable('review').set({ awareness_date: '2026-11-20' }).where('id', '=', reviewId).execute();
  // Another partnership's review, with a step overdue too.
  const otherId = await insertReview(stranger, 'OTHER 9', 'Their review', 'Child Z');
  await db.updateTable('review').set({ awareness_date: '2026-11-20' }).where('id', '=', otherId).execute();

  roundId = (
    (await manager.post(`/reviews/${reviewId}/rounds/new`, { purpose: 'in-review' })).headers.location as string
  )
    .split('/')
    .pop()!;
  await db
    .updateTable('marker_record')
    .set({ owner_user_id: people.panel.id, status: 'in-progress' })
    .where('round_id', '=', roundId)
    .where('marker_key', 'in', ['decision-making', 'referral'])
    .execute();
  await db
    .insertInto('comment')
    .values({
      id: newId(),
      organisation_id: org.id,
      round_id: roundId,
      marker_key: 'decision-making',
      body: 'Which agencies are in scope?',
      author_id: people.manager.id,
      created_at: '2026-12-03T14:02:00Z',
      edited_at: null,
      resolved_at: null,
      resolved_by: null,
      version: 1,
    })
    .execute();
  const at = '2026-12-01T09:00:00Z';
  const action = (number: number, title: string, due: string) =>
    actionRow(org.id, reviewId, {
      number,
      title,
      owner_user_id: people.panel.id,
      due_date: due,
      status: 'in-progress',
      created_at: at,
      created_by: people.manager.id,
      updated_at: at,
      updated_by: people.manager.id,
    });
  await db
    .insertInto('action')
    .values([action(1, 'Refresh the escalation policy', '2026-12-01'), action(2, 'Train the front door', '2026-12-18')])
    .execute();
});
afterAll(async () => {
  await t.close();
  await smtp.close();
});

describe('The daily digest', () => {
  it('sends nothing before 7am UK time', async () => {
    expect(await run('2026-12-07T06:59:00Z')).toEqual({ sent: 0, logged: 0, nothingToSay: 0, failed: 0 });
    expect(smtp.messages).toHaveLength(0);
  });

  it('sends each person with something waiting one email, with references and links only', async () => {
    // Two processes at once: each person's digest still goes once.
    const [a, b] = await Promise.all([run('2026-12-07T07:15:00Z'), runDigests(deps, now)]);
    expect(a.sent + b.sent).toBe(4);
    expect(a.nothingToSay + b.nothingToSay).toBe(1);
    const [mail, ...more] = await mailTo(people.panel);
    expect(more).toEqual([]);
    const lines = mail!.split(/\r?\n/);
    expect(lines).toContain(
      `- LCSPR 7: 2 markers assigned to you are not completed: ${PUBLIC_URL}/reviews/${reviewId}/rounds/${roundId}`,
    );
    expect(lines).toContain(
      `- LCSPR 7: comments for you not yet resolved on 1 marker: ${PUBLIC_URL}/reviews/${reviewId}/rounds/${roundId}`,
    );
    expect(mail).toMatch(
      /- LCSPR 7: action 1 is overdue \(it was due by 1 December 2026\): https:\/\/qm\.example\.org\/reviews\/.+\/actions\//,
    );
    expect(mail).toContain(
      `- LCSPR 7: the statutory step “Notification” is overdue (it was due by 27 November 2026): ${PUBLIC_URL}/reviews/${reviewId}#key-dates`,
    );
    expect(mail).toContain(`${PUBLIC_URL}/account/notifications`);
    // Not due for 9 working days: not in the digest.
    expect(mail).not.toContain('action 2');
    for (const content of [
      'Practice review',
      'Child A',
      'Which agencies',
      'escalation policy',
      'Decision making',
      'OTHER 9',
    ]) {
      expect(mail).not.toContain(content);
    }
    const strangers = await mailTo(people.stranger);
    expect(strangers).toHaveLength(1);
    expect(strangers[0]).toContain('OTHER 9');
    expect(strangers[0]).not.toContain('LCSPR 7');
    expect(strangers[0]).not.toContain('Their review');
    // The chair is told of the statutory step only (no round sent yet); nothing waits for the idle member.
    const toChair = await mailTo(people.chair);
    expect(toChair).toHaveLength(1);
    expect(toChair[0]).not.toContain('sign-off');
    expect(await mailTo(people.idle)).toEqual([]);
    expect(smtp.messages[0]!.raw).toMatch(/^Subject: Quality Markers: what waits for you\r?$/m);
  });

  it('sends nothing more the same day, however often it runs', async () => {
    const count = smtp.messages.length;
    expect(await run('2026-12-07T09:00:00Z')).toEqual({ sent: 0, logged: 0, nothingToSay: 0, failed: 0 });
    expect(await run('2026-12-07T23:59:00Z')).toEqual({ sent: 0, logged: 0, nothingToSay: 0, failed: 0 });
    expect(smtp.messages).toHaveLength(count);
  });

  it('tells the chair of a round sent for sign-off, and leaves out the kinds a person turned off', async () => {
    await at('2026-12-07T15:00:00Z');
    expect(
      (await manager.post(`/reviews/${reviewId}/rounds/${roundId}/sign-off`, { action: 'send', confirm: 'yes' }))
        .statusCode,
    ).toBe(303);
    expect((await panel.post('/account/notifications', { kinds: ['marker', 'action'] })).statusCode).toBe(303);
    smtp.messages.length = 0;
    await run('2026-12-08T07:15:00Z');
    const [toChair] = await mailTo(people.chair);
    expect(toChair).toContain(
      `- LCSPR 7: round 1 waits for your sign-off: ${PUBLIC_URL}/reviews/${reviewId}/rounds/${roundId}#signoff-heading`,
    );
    const [toPanel] = await mailTo(people.panel);
    // The round is awaiting sign-off, so no markers to complete; comments and steps are turned off.
    expect(toPanel).toContain('action 1 is overdue');
    expect(toPanel).not.toContain('comments for you not yet resolved');
    expect(toPanel).not.toContain('statutory step');
  });

  it('tells the person who sent a round that it was returned, once', async () => {
    await at('2026-12-08T11:00:00Z');
    expect(
      (
        await chair.post(`/reviews/${reviewId}/rounds/${roundId}/sign-off`, {
          action: 'return',
          comment: 'More on scope',
        })
      ).statusCode,
    ).toBe(303);
    smtp.messages.length = 0;
    await run('2026-12-09T07:15:00Z');
    const [toManager] = await mailTo(people.manager);
    expect(toManager).toContain(
      `- LCSPR 7: round 1, which you sent for sign-off, was returned: ${PUBLIC_URL}/reviews/${reviewId}/rounds/${roundId}`,
    );
    expect(toManager).not.toContain('More on scope');
    expect((await mailTo(people.chair)).join()).not.toContain('sign-off');
    smtp.messages.length = 0;
    await run('2026-12-10T07:15:00Z');
    expect((await mailTo(people.manager)).join()).not.toContain('was returned');
  });

  it('writes the email to the log when outgoing mail is not set up', async () => {
    const logged: object[] = [];
    const log = { info: (obj: object) => logged.push(obj), warn: () => undefined };
    const disabled = { enabled: false, send: () => Promise.reject(new Error('not set up')) };
    const result = await runDigests({ ...deps, mailer: disabled, log }, new Date('2026-12-11T08:00:00Z'));
    expect(result.sent).toBe(0);
    expect(result.logged).toBeGreaterThan(0);
    expect(JSON.stringify(logged)).toContain('LCSPR 7');
  });
});
