/**
 * The daily digest: from 07:00 UK time, each person with something waiting gets one email a UK day.
 *
 * For each person whose digest for today is not yet claimed, the lines are worked out (every partnership
 * they belong to, the kinds they turned off left out), then a notification_digest row for (person, day)
 * is inserted; only the process whose insert went in sends. So two processes, a restart or a run that
 * overlaps another never send twice; a send that fails is logged and not retried that day (a second
 * copy is worse than a missed one: "Your work" still shows everything). A person with nothing to report
 * gets a row saying so (item_count 0) and no email, and is not looked at again that day.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { londonDate, ukWallClock } from '../../lib/uk-time.js';
import type { Mail, Mailer } from '../../plugins/mailer.js';
import type { FrameworkCatalogue } from '../frameworks/frameworks.service.js';
import { digestLines, kindsOn, type DigestLine, type Membership } from './notifications.service.js';
import * as repo from './notifications.repository.js';

/** No digest goes before this hour, UK time. */
export const DIGEST_FROM_HOUR = 7;

export interface DigestDeps {
  db: Kysely<Database>;
  catalogue: FrameworkCatalogue;
  mailer: Mailer;
  log: { info(obj: object, msg: string): void; warn(obj: object, msg: string): void };
  /** The app's address, no trailing slash, for links. */
  publicUrl: string;
}

export interface DigestRun {
  sent: number;
  /** Written to the log instead: outgoing mail is not set up. */
  logged: number;
  nothingToSay: number;
  failed: number;
}

export const DIGEST_SUBJECT = 'Quality Markers: what waits for you';

/** The email: references and links only. */
export function digestMail(
  to: string,
  sections: { partnership: string; lines: DigestLine[] }[],
  publicUrl: string,
): Mail {
  const many = sections.length > 1;
  const body = sections.map(({ partnership, lines }) =>
    [...(many ? [`${partnership}:`] : []), ...lines.map((l) => `- ${l.text}: ${publicUrl}${l.path}`)].join('\n'),
  );
  return {
    to,
    subject: DIGEST_SUBJECT,
    text: [
      'This is what waits for you in Quality Markers today.',
      ...body,
      `Everything that waits for you: ${publicUrl}/work`,
      `Choose what these emails tell you about: ${publicUrl}/account/notifications`,
    ].join('\n\n'),
  };
}

/** One run of the digest at `now`: sends each person's digest for today if it is due and not yet claimed. */
export async function runDigests(deps: DigestDeps, now: Date): Promise<DigestRun> {
  const run: DigestRun = { sent: 0, logged: 0, nothingToSay: 0, failed: 0 };
  if (ukWallClock(now).getUTCHours() < DIGEST_FROM_HOUR) return run;
  const { db } = deps;
  const day = londonDate(now);
  const at = now.toISOString();
  const people = new Map<string, Membership[]>();
  for (const m of await repo.activeMemberships(db)) people.set(m.userId, [...(people.get(m.userId) ?? []), m]);

  for (const [userId, memberships] of people) {
    if (await repo.digestClaimed(db, userId, day)) continue;
    const on = new Set(await kindsOn(db, userId));
    const since = (await repo.lastDigestAt(db, userId, day)) ?? new Date(now.getTime() - 24 * 3600_000).toISOString();
    const sections: { partnership: string; lines: DigestLine[] }[] = [];
    for (const membership of memberships) {
      const lines = (await digestLines(db, deps.catalogue, membership, day, since, now)).filter((l) => on.has(l.kind));
      if (lines.length) sections.push({ partnership: membership.organisationName, lines });
    }
    const count = sections.reduce((n, s) => n + s.lines.length, 0);
    if (!(await repo.claimDigest(db, userId, day, count, at))) continue;
    if (!count) {
      run.nothingToSay++;
      continue;
    }
    const mail = digestMail(memberships[0]!.email, sections, deps.publicUrl);
    if (!deps.mailer.enabled) {
      deps.log.info({ mail }, 'notification email not sent (SMTP_URL is not set); its text follows');
      run.logged++;
      continue;
    }
    try {
      await deps.mailer.send(mail);
      await repo.markDigestSent(db, userId, day, new Date().toISOString());
      run.sent++;
    } catch (err) {
      deps.log.warn({ err, userId }, 'daily digest not sent');
      run.failed++;
    }
  }
  return run;
}
