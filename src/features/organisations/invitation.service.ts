import type { Kysely } from 'kysely';
import type { Database, Role } from '../../db/schema.js';
import { HttpError } from '../../lib/errors.js';
import { recordAudit } from '../audit/audit.service.js';
import { getOrganisation, membershipStatusByEmail, ROLE_LABELS } from './organisations.service.js';
import { createUser, normaliseEmail, userByEmail, verifyPassword } from '../accounts/accounts.service.js';
import { createLink, findUsableLink, useLink } from '../accounts/links.service.js';
import type { Actor } from '../../plugins/auth.js';

/**
 * Invitations: an admin's one-time link (24 hours, works once) that makes the person a member of the
 * partnership with the role chosen. Someone without an account creates one (name and password) and is
 * signed in; someone with an account only accepts, then signs in as usual: holding a link must never be
 * enough to get into an account that already exists.
 */

export const INVITATION_EXPIRED = 'This invitation link has expired or has already been used';

type Db = Kysely<Database>;

export interface NewInvitation {
  name: string;
  email: string;
  role: Role;
}

/** Creates the link and records 'invitation.created'; the token is returned once and only its hash kept. */
export async function createInvitation(
  db: Db,
  actor: Actor & { organisationId: string; userId: string },
  input: NewInvitation,
  now = new Date(),
) {
  return db.transaction().execute(async (trx) => {
    const { token, link } = await createLink(
      trx,
      {
        purpose: 'invite',
        organisationId: actor.organisationId,
        email: normaliseEmail(input.email),
        name: input.name.trim(),
        role: input.role,
        createdBy: actor.userId,
      },
      now,
    );
    await recordAudit(
      trx,
      actor,
      { action: 'invitation.created', objectType: 'invitation', objectId: link.id, detail: { role: input.role } },
      now,
    );
    return { token, id: link.id, expiresAt: link.expires_at };
  });
}

export const invitationUrl = (publicUrl: string, token: string) => `${publicUrl}/invitations/${token}`;

/** The plain-text email that carries an invitation. */
export function invitationEmail(input: {
  to: string;
  name: string;
  organisationName: string;
  role: Role;
  inviterName: string;
  url: string;
}) {
  return {
    to: input.to,
    subject: `You have been invited to ${input.organisationName} on Quality Markers`,
    text: [
      `Dear ${input.name},`,
      '',
      `${input.inviterName} has invited you to join ${input.organisationName} on Quality Markers.`,
      `Your role: ${ROLE_LABELS[input.role]}.`,
      '',
      'To accept, open this link:',
      input.url,
      '',
      'The link works once and expires in 24 hours. If you were not expecting this invitation, you can ignore this email.',
    ].join('\n'),
  };
}

export interface InvitationView {
  linkId: string;
  organisation: { id: string; name: string; requireTwoFactor: boolean };
  email: string;
  name: string;
  role: Role;
  roleLabel: string;
  /** The email already has an account: the person only accepts, then signs in. */
  hasAccount: boolean;
}

/** The invitation behind a token, or undefined when it is unknown, used or expired. */
export async function findInvitation(db: Db, token: string, now = new Date()): Promise<InvitationView | undefined> {
  const link = await findUsableLink(db, token, 'invite', now);
  if (!link || !link.organisation_id || !link.email || !link.role) return undefined;
  const org = await getOrganisation(db, link.organisation_id);
  const user = await userByEmail(db, link.email);
  if ((await membershipStatusByEmail(db, org.id, link.email)) === 'disabled') {
    throw new HttpError(
      409,
      `Your account in ${org.name} has been disabled, so this invitation cannot be accepted. Ask a partnership admin.`,
    );
  }
  return {
    linkId: link.id,
    organisation: { id: org.id, name: org.name, requireTwoFactor: org.require_two_factor === 1 },
    email: link.email,
    name: link.name ?? '',
    role: link.role,
    roleLabel: ROLE_LABELS[link.role],
    hasAccount: Boolean(user),
  };
}

export interface Acceptance {
  userId: string;
  organisationId: string;
  /** True when the account was created now: the person is signed in straight away. */
  newAccount: boolean;
  /** The new account must set up two-factor before anything else. */
  twoFactorSetupRequired: boolean;
}

/**
 * Accepts an invitation: claims the link (once), adds the membership and records 'invitation.accepted'.
 * `details` (name and a checked password) are needed only when the email has no account.
 */
export async function acceptInvitation(
  db: Db,
  token: string,
  details: { name: string; password: string } | undefined,
  actor: Actor,
  now = new Date(),
): Promise<Acceptance> {
  const invitation = await findInvitation(db, token, now);
  if (!invitation) throw new HttpError(410, INVITATION_EXPIRED);
  if (!invitation.hasAccount && !details) throw new HttpError(400, 'Enter your name and a password');
  const claimed = await db.transaction().execute((trx) => useLink(trx, invitation.linkId, now));
  if (!claimed) throw new HttpError(410, INVITATION_EXPIRED);
  const organisationId = invitation.organisation.id;
  const user = await createUser(
    db,
    {
      email: invitation.email,
      name: details?.name ?? invitation.name,
      password: invitation.hasAccount ? undefined : details?.password,
      organisationId,
      role: invitation.role,
    },
    { ...actor, organisationId },
    now,
  );
  // An account made by someone else between the check and now keeps its own password: no session for it.
  const newAccount =
    !invitation.hasAccount &&
    details !== undefined &&
    Boolean(user.password_hash) &&
    (await verifyPassword(details.password, user.password_hash!));
  await recordAudit(
    db,
    { ...actor, userId: user.id, organisationId },
    {
      action: 'invitation.accepted',
      objectType: 'invitation',
      objectId: invitation.linkId,
      detail: { role: invitation.role, newAccount },
    },
    now,
  );
  return {
    userId: user.id,
    organisationId,
    newAccount,
    twoFactorSetupRequired: newAccount && (invitation.role === 'admin' || invitation.organisation.requireTwoFactor),
  };
}
