/**
 * Who may do what to a review: the one place the rule is written. Services ask `authorize()` before
 * they act; a review read for a person carries `access`, the same answers for every action, so pages
 * show only the buttons the person may use. The authorisation matrix (test/authorization-matrix.test.ts)
 * checks the routes against these answers, and policy.unit.test.ts checks the table itself.
 *
 * Pure: no database, no Fastify. It lives in the reviews feature, which owns the review and its team
 * roles; every other feature may import it (eslint.config.js allows `policy.ts` beside `*.service.ts`).
 */
import type { ReviewRole, Role } from '../../db/schema.js';

export type ReviewAction =
  /** Open the review at all; anyone else is told "not found", never "forbidden". */
  | 'review.see'
  /** Run the review: change its details, key dates and scope, start rounds, and record findings, actions
   * and the written response. The business manager, lead reviewer and chair (and partnership admins). */
  | 'review.manage'
  /** Contribute on the round's markers: answers, judgements and rationales on marker records, evidence,
   * comments, restoring a marker's history. Every working member of the team, panel members too. */
  | 'review.contribute'
  /** Add, change and remove the review's team. */
  | 'team.manage'
  /** Move the review to a newer version of its framework. */
  | 'framework.move'
  /** Send a round for sign-off. */
  | 'round.send'
  /** Approve a round awaiting sign-off, which locks it. */
  | 'round.approve'
  /** Return a round awaiting sign-off with comments. */
  | 'round.return'
  /** Reopen an approved round. */
  | 'round.reopen'
  /** Agree (or reopen) the written response. */
  | 'response.agree'
  /** Move the review's status although a rule of the move is not met, giving a reason (status.service.ts). */
  | 'status.override'
  /** Read the partnership's referral register and rapid reviews (features/referrals). The role asked
   * about is the person's strongest role on any of the partnership's reviews (referralRoleOf). */
  | 'referral.see'
  /** Record referrals, run rapid reviews and record decisions (which start reviews). */
  | 'referral.manage'
  /** Read the partnership's yearly-report extract and tracker export (features/learning-report), counting
   * the reviews the person may see. Asked with the person's strongest role on any review (referralRoleOf). */
  | 'learning.report';

export interface Rule {
  /** A partnership admin may, on the team or not. */
  admin: boolean;
  /** These team roles may, when the person's partnership role is admin or member. */
  team: readonly ReviewRole[];
  /** A partnership viewer on the team in one of `team`'s roles may too (reading only). */
  viewers: boolean;
}

const WORKERS: readonly ReviewRole[] = ['chair', 'business-manager', 'lead-reviewer', 'panel-member'];

/** The table. A change of who may do something is one edit here, and one in policy.unit.test.ts. */
export const POLICY: Readonly<Record<ReviewAction, Rule>> = {
  'review.see': { admin: true, team: [...WORKERS, 'observer'], viewers: true },
  'review.manage': { admin: true, team: ['chair', 'business-manager', 'lead-reviewer'], viewers: false },
  'review.contribute': { admin: true, team: WORKERS, viewers: false },
  'team.manage': { admin: true, team: ['chair', 'business-manager'], viewers: false },
  'framework.move': { admin: true, team: ['chair', 'business-manager'], viewers: false },
  'round.send': { admin: false, team: ['lead-reviewer', 'business-manager'], viewers: false },
  'round.approve': { admin: false, team: ['chair'], viewers: false },
  'round.return': { admin: false, team: ['chair'], viewers: false },
  'round.reopen': { admin: true, team: ['chair'], viewers: false },
  'response.agree': { admin: true, team: ['chair'], viewers: false },
  'status.override': { admin: true, team: [], viewers: false },
  'referral.see': { admin: true, team: WORKERS, viewers: false },
  'referral.manage': { admin: true, team: ['business-manager'], viewers: false },
  'learning.report': { admin: true, team: ['chair', 'business-manager'], viewers: false },
};

/** Strongest first: the role a person's referral access is judged by when they hold several. */
const REGISTER_ORDER: readonly ReviewRole[] = [
  'business-manager',
  'chair',
  'lead-reviewer',
  'panel-member',
  'observer',
];

/** The role that decides what a person may do in the referral register: their strongest on any review. */
export function referralRoleOf(roles: readonly ReviewRole[]): ReviewRole | null {
  return REGISTER_ORDER.find((r) => roles.includes(r)) ?? null;
}

/** Who is asking: their role in the partnership (a PartnershipActor is one). */
export interface PolicyActor {
  partnershipRole: Role;
}

/** The review asked about: the person's role on its team, if any (a Review's `access` is one). */
export interface ReviewResource {
  reviewRole: ReviewRole | null;
}

/** Whether the person may do the action to the review. */
export function authorize(actor: PolicyActor, action: ReviewAction, review: ReviewResource): boolean {
  const rule = POLICY[action];
  if (actor.partnershipRole === 'admin' && rule.admin) return true;
  if (!review.reviewRole || !rule.team.includes(review.reviewRole)) return false;
  return actor.partnershipRole !== 'viewer' || rule.viewers;
}

/** What a person may do with one review, as the pages ask it: the policy's answer for each action. */
export interface ReviewAccess {
  reviewRole: ReviewRole | null;
  /** Change details, key dates and scope, start rounds, record findings, actions and the written response. */
  canManage: boolean;
  /** Answer, judge, add evidence and comments on the round's markers. */
  canContribute: boolean;
  canManageTeam: boolean;
  canMove: boolean;
  canSendForSignOff: boolean;
  /** Approve or return a round awaiting sign-off. */
  canSignOff: boolean;
  canReopen: boolean;
  canAgree: boolean;
}

export function accessFor(partnershipRole: Role, reviewRole: ReviewRole | null): ReviewAccess {
  const actor = { partnershipRole };
  const review = { reviewRole };
  const may = (action: ReviewAction) => authorize(actor, action, review);
  return {
    reviewRole,
    canManage: may('review.manage'),
    canContribute: may('review.contribute'),
    canManageTeam: may('team.manage'),
    canMove: may('framework.move'),
    canSendForSignOff: may('round.send'),
    canSignOff: may('round.approve') && may('round.return'),
    canReopen: may('round.reopen'),
    canAgree: may('response.agree'),
  };
}
