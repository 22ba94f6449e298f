import { describe, expect, it } from 'vitest';
import type { ReviewRole, Role } from '../../db/schema.js';
import { accessFor, authorize, POLICY, type ReviewAction } from './policy.js';

const PARTNERSHIP: Role[] = ['admin', 'member', 'viewer'];
const TEAM: (ReviewRole | null)[] = ['chair', 'business-manager', 'lead-reviewer', 'panel-member', 'observer', null];
const ALL_TEAM = TEAM.map((t) => t ?? 'none');

/** Who may do each action, as "partnership role/team role" ("none": not on the team). */
const ALLOWED: Record<ReviewAction, string[]> = {
  'review.see': [
    ...ALL_TEAM.map((t) => `admin/${t}`),
    ...['member', 'viewer'].flatMap((p) =>
      ['chair', 'business-manager', 'lead-reviewer', 'panel-member', 'observer'].map((t) => `${p}/${t}`),
    ),
  ],
  'review.manage': [
    ...ALL_TEAM.map((t) => `admin/${t}`),
    'member/chair',
    'member/business-manager',
    'member/lead-reviewer',
  ],
  'review.contribute': [
    ...ALL_TEAM.map((t) => `admin/${t}`),
    'member/chair',
    'member/business-manager',
    'member/lead-reviewer',
    'member/panel-member',
  ],
  'team.manage': [...ALL_TEAM.map((t) => `admin/${t}`), 'member/chair', 'member/business-manager'],
  'framework.move': [...ALL_TEAM.map((t) => `admin/${t}`), 'member/chair', 'member/business-manager'],
  'round.send': ['admin/business-manager', 'admin/lead-reviewer', 'member/business-manager', 'member/lead-reviewer'],
  'round.approve': ['admin/chair', 'member/chair'],
  'round.return': ['admin/chair', 'member/chair'],
  'round.reopen': [...ALL_TEAM.map((t) => `admin/${t}`), 'member/chair'],
  'response.agree': [...ALL_TEAM.map((t) => `admin/${t}`), 'member/chair'],
  'status.override': ALL_TEAM.map((t) => `admin/${t}`),
  'referral.see': [
    ...ALL_TEAM.map((t) => `admin/${t}`),
    'member/chair',
    'member/business-manager',
    'member/lead-reviewer',
    'member/panel-member',
  ],
  'referral.manage': [...ALL_TEAM.map((t) => `admin/${t}`), 'member/business-manager'],
  'learning.report': [...ALL_TEAM.map((t) => `admin/${t}`), 'member/chair', 'member/business-manager'],
};

describe('review policy', () => {
  it('allows each action to exactly the roles in the table', () => {
    expect(Object.keys(ALLOWED).sort()).toEqual(Object.keys(POLICY).sort());
    for (const action of Object.keys(POLICY) as ReviewAction[]) {
      const allowed = PARTNERSHIP.flatMap((p) =>
        TEAM.filter((t) => authorize({ partnershipRole: p }, action, { reviewRole: t })).map(
          (t) => `${p}/${t ?? 'none'}`,
        ),
      );
      expect(allowed.sort(), action).toEqual([...ALLOWED[action]].sort());
    }
  });

  // The rules as they were written before the policy module (reviews.service accessFor, the sign-off
  // service, the actions' review context, admitToReview): the table must give the same answers, except
  // that running the review (issue 17 §4) is no longer every working member's: a panel member contributes
  // on the markers and nothing else.
  it('gives the answers the services gave before it', () => {
    for (const p of PARTNERSHIP) {
      for (const t of TEAM) {
        const writer = p !== 'viewer';
        const onTeam = t !== null && t !== 'observer';
        const canEdit = writer && (onTeam || p === 'admin');
        const canManage = canEdit && (p === 'admin' || t !== 'panel-member');
        const canManageTeam = writer && (p === 'admin' || t === 'business-manager' || t === 'chair');
        const canSignOff = writer && t === 'chair';
        expect(accessFor(p, t), `${p}/${t}`).toEqual({
          reviewRole: t,
          canManage,
          canContribute: canEdit,
          canManageTeam,
          canMove: canManageTeam,
          canSendForSignOff: writer && (t === 'lead-reviewer' || t === 'business-manager'),
          canSignOff,
          canReopen: canSignOff || (p === 'admin' && canEdit),
          canAgree: p === 'admin' || (canEdit && t === 'chair'),
        });
        expect(authorize({ partnershipRole: p }, 'review.see', { reviewRole: t })).toBe(t !== null || p === 'admin');
      }
    }
  });
});
