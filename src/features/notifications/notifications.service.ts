/**
 * Telling people (issue 17 §2): one email a day per person, listing what waits for them, built on "Your
 * work" (workFor) and the sign-off steps in the audit log. The email names reviews by reference only and
 * links to the app: no review titles, pseudonyms, marker text or comments ever leave in an email.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { formatDate } from '../../lib/uk-time.js';
import { addWorkingDays } from '../../lib/working-days.js';
import type { Actor, PartnershipActor } from '../../plugins/auth.js';
import { recordAudit } from '../audit/audit.service.js';
import type { FrameworkCatalogue } from '../frameworks/frameworks.service.js';
import { workFor, type WorkItem } from '../work/work.service.js';
import * as repo from './notifications.repository.js';

type Db = Kysely<Database>;

/** What a digest can tell a person about; each can be turned off on the account page. */
export const NOTIFICATION_KINDS = [
  'sign-off',
  'sign-off-outcome',
  'marker',
  'comment',
  'action',
  'statutory-step',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export const NOTIFICATION_LABELS: Record<NotificationKind, { text: string; hint: string }> = {
  'sign-off': { text: 'Rounds sent for your sign-off', hint: 'When you chair a review' },
  'sign-off-outcome': { text: 'Rounds you sent for sign-off being returned or approved', hint: 'Since the last email' },
  marker: { text: 'Markers assigned to you', hint: 'Not yet completed, in open rounds' },
  comment: { text: 'Comments not yet resolved that are addressed to you or on your markers', hint: 'By other people' },
  action: { text: 'Your actions that are overdue', hint: 'Actions you own, past their due date' },
  'statutory-step': { text: 'Statutory steps', hint: 'Due within 2 working days, or overdue, on your reviews' },
};

/** Statutory steps due within this many working days are in the digest (and every overdue one). */
export const STEPS_DUE_WITHIN_WORKING_DAYS = 2;

export function isNotificationKind(value: string): value is NotificationKind {
  return (NOTIFICATION_KINDS as readonly string[]).includes(value);
}

/** The kinds the person gets, in the digest's order. */
export async function kindsOn(db: Db, userId: string): Promise<NotificationKind[]> {
  const off = new Set(await repo.optedOutKinds(db, userId));
  return NOTIFICATION_KINDS.filter((k) => !off.has(k));
}

/** Saves which kinds the person gets (the rest are turned off), and records the change. */
export async function saveKindsOn(db: Db, actor: Actor & { userId: string }, on: readonly string[], now: Date) {
  const off = NOTIFICATION_KINDS.filter((k) => !on.includes(k));
  await db.transaction().execute(async (trx) => {
    await repo.replaceOptOuts(trx, actor.userId, off, now.toISOString());
    await recordAudit(
      trx,
      actor,
      {
        action: 'notifications.preferences_changed',
        objectType: 'user_account',
        objectId: actor.userId,
        detail: { off: off.join(',') || null },
      },
      now,
    );
  });
}

/** One line of a digest: a review's reference, what waits, and where to act. Never any review content. */
export interface DigestLine {
  kind: NotificationKind;
  text: string;
  path: string;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** The round page a marker's address is under. */
const roundPath = (href: string) => href.replace(/\/markers\/.*$/, '');

/** Lines from "Your work", by kind; several markers (or discussions) on one review make one line. */
function linesFromWork(items: WorkItem[], today: string): DigestLine[] {
  const stepsBy = addWorkingDays(today, STEPS_DUE_WITHIN_WORKING_DAYS);
  const lines: DigestLine[] = [];
  const grouped = (kind: 'marker' | 'comment', say: (n: number) => string) => {
    const byRound = new Map<string, WorkItem[]>();
    for (const item of items.filter((i) => i.kind === kind)) {
      const key = `${item.reference}\u0000${roundPath(item.href)}`;
      byRound.set(key, [...(byRound.get(key) ?? []), item]);
    }
    for (const group of byRound.values()) {
      const first = group[0]!;
      lines.push({ kind, text: `${first.reference}: ${say(group.length)}`, path: roundPath(first.href) });
    }
  };
  for (const item of items.filter((i) => i.kind === 'sign-off')) {
    lines.push({
      kind: 'sign-off',
      text: `${item.reference}: ${item.title.toLowerCase()} waits for your sign-off`,
      path: item.href,
    });
  }
  grouped('marker', (n) => `${plural(n, 'marker assigned to you is', 'markers assigned to you are')} not completed`);
  grouped('comment', (n) => `comments for you not yet resolved on ${plural(n, 'marker', 'markers')}`);
  for (const item of items.filter((i) => i.kind === 'action' && i.overdue)) {
    // The action's number only: its title is the review's content.
    const number = /^Action ([^:]+):/.exec(item.title)?.[1];
    lines.push({
      kind: 'action',
      text: `${item.reference}: ${number ? `action ${number}` : 'an action of yours'} is overdue (it was due by ${formatDate(item.due!)})`,
      path: item.href,
    });
  }
  for (const item of items.filter((i) => i.kind === 'statutory-step')) {
    if (!item.overdue && (!item.due || item.due > stepsBy)) continue;
    const when = item.due
      ? item.overdue
        ? ` (it was due by ${formatDate(item.due)})`
        : ` by ${formatDate(item.due)}`
      : '';
    lines.push({
      kind: 'statutory-step',
      text: `${item.reference}: the statutory step “${item.title}” ${item.overdue ? 'is overdue' : 'is due'}${when}`,
      path: item.href,
    });
  }
  return lines;
}

/** A person's partnership membership, as the digest needs it. */
export interface Membership {
  userId: string;
  email: string;
  organisationId: string;
  organisationName: string;
  role: Database['membership']['role'];
}

/** What one partnership's digest section holds for the person on `now`'s UK date `today`. */
export async function digestLines(
  db: Db,
  catalogue: FrameworkCatalogue,
  membership: Membership,
  today: string,
  outcomesSince: string,
  now: Date,
): Promise<DigestLine[]> {
  const actor: PartnershipActor = {
    userId: membership.userId,
    organisationId: membership.organisationId,
    partnershipRole: membership.role,
    ip: null,
    userAgent: null,
  };
  const [work, outcomes] = await Promise.all([
    workFor(db, catalogue, actor, today),
    membership.role === 'viewer' ? [] : repo.signOffOutcomesSince(db, actor, outcomesSince, now.toISOString()),
  ]);
  const lines = linesFromWork(work, today);
  const outcomeLines = outcomes.map((o) => ({
    kind: 'sign-off-outcome' as const,
    text: `${o.reference}: round ${o.roundNumber}, which you sent for sign-off, was ${o.action === 'round.sign_off.approve' ? 'approved' : 'returned'}`,
    path: `/reviews/${o.reviewId}/rounds/${o.roundId}`,
  }));
  const order = (l: DigestLine) => NOTIFICATION_KINDS.indexOf(l.kind);
  return [...lines, ...outcomeLines].sort((a, b) => order(a) - order(b));
}
