import type { Kysely } from 'kysely';
import type { Database, Role } from '../../db/schema.js';
import { HttpError } from '../../lib/errors.js';
import { createInvitation, invitationEmail, invitationUrl } from './invitation.service.js';
import { createResetLinkByAdmin, resetEmail, resetUrl } from '../accounts/password-reset.service.js';
import { changeRole, getMember, listMembers, membershipStatusByEmail, setDisabled } from './organisations.service.js';
import type { Actor } from '../../plugins/auth.js';

/** The partnership admin's people pages: who is in the partnership, invitations, roles, disabling. */

type Db = Kysely<Database>;
export type AdminActor = Actor & { organisationId: string; userId: string };

export const ROLE_OPTIONS: readonly { value: Role; text: string; hint: string }[] = [
  { value: 'admin', text: 'Admin', hint: 'Manages people and the partnership’s settings, and works on reviews' },
  { value: 'member', text: 'Member', hint: 'Works on reviews: answers questions, records judgements and actions' },
  { value: 'viewer', text: 'Viewer', hint: 'Can read reviews and reports, cannot change anything' },
];

export const roleName = (role: Role) => ROLE_OPTIONS.find((o) => o.value === role)?.text ?? role;

export interface PersonRow {
  userId: string;
  name: string;
  email: string;
  role: Role;
  roleName: string;
  twoFactor: boolean;
  disabled: boolean;
}

const personRow = (m: Awaited<ReturnType<typeof getMember>>): PersonRow => ({
  userId: m.user_id,
  name: m.name,
  email: m.email,
  role: m.role,
  roleName: roleName(m.role),
  twoFactor: Boolean(m.totp_enabled_at),
  disabled: Boolean(m.disabled_at),
});

export async function listPeople(db: Db, organisationId: string): Promise<PersonRow[]> {
  return (await listMembers(db, organisationId)).map(personRow);
}

/** One person of the partnership; 404 for anyone else (another partnership's people included). */
export async function getPerson(db: Db, organisationId: string, userId: string): Promise<PersonRow> {
  return personRow(await getMember(db, organisationId, userId));
}

export type InviteResult =
  { ok: false; errors: { email: string } } | { ok: true; url: string; mail: ReturnType<typeof invitationEmail> };

/** Makes an invitation link, unless the email already belongs to someone in the partnership. */
export async function invitePerson(
  db: Db,
  actor: AdminActor & { name: string; organisationName: string },
  input: { name: string; email: string; role: Role },
  publicUrl: string,
  now = new Date(),
): Promise<InviteResult> {
  const status = await membershipStatusByEmail(db, actor.organisationId, input.email);
  if (status === 'active')
    return { ok: false, errors: { email: 'This person is already a member of the partnership' } };
  if (status === 'disabled') {
    return {
      ok: false,
      errors: { email: 'This person’s account in the partnership is disabled: enable it from their page instead' },
    };
  }
  const { token } = await createInvitation(db, actor, input, now);
  const url = invitationUrl(publicUrl, token);
  const mail = invitationEmail({
    to: input.email.toLowerCase(),
    name: input.name,
    organisationName: actor.organisationName,
    role: input.role,
    inviterName: actor.name,
    url,
  });
  return { ok: true, url, mail };
}

/** A password reset link for a member, to pass on, with the email that would carry it. */
export async function makeResetLink(db: Db, actor: AdminActor, userId: string, publicUrl: string, now = new Date()) {
  await getMember(db, actor.organisationId, userId);
  const { token, email, name } = await createResetLinkByAdmin(db, actor, userId, now);
  const url = resetUrl(publicUrl, token);
  return { url, mail: resetEmail({ to: email, name, url }) };
}

export async function changePersonRole(db: Db, actor: AdminActor, userId: string, role: Role, now = new Date()) {
  return changeRole(db, actor, userId, role, now);
}

/** Disabling ends the person's sessions in this partnership at once; an admin cannot disable themselves. */
export async function disablePerson(db: Db, actor: AdminActor, userId: string, now = new Date()) {
  if (userId === actor.userId) {
    await getMember(db, actor.organisationId, userId);
    throw new HttpError(409, 'You cannot disable your own account: ask another admin');
  }
  await setDisabled(db, actor, userId, true, now);
}

export async function enablePerson(db: Db, actor: AdminActor, userId: string, now = new Date()) {
  await setDisabled(db, actor, userId, false, now);
}
