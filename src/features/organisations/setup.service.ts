import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { HttpError } from '../../lib/errors.js';
import { createUser, isFirstRun } from '../accounts/accounts.service.js';
import { createLink, findUsableLink, useLink } from '../accounts/links.service.js';
import { createOrganisation } from './organisations.service.js';
import type { Actor } from '../../plugins/auth.js';

/**
 * First run: while no partnership has an admin, each start of the app makes a one-time set-up link
 * (valid 24 hours) that creates the first partnership and its admin.
 */
export async function firstRunSetupToken(db: Kysely<Database>, now = new Date()): Promise<string | undefined> {
  if (!(await isFirstRun(db))) return undefined;
  const { token } = await createLink(db, { purpose: 'setup' }, now);
  return token;
}

export async function setupLinkIsUsable(db: Kysely<Database>, token: string, now = new Date()) {
  return Boolean((await isFirstRun(db)) && (await findUsableLink(db, token, 'setup', now)));
}

export interface SetupInput {
  partnershipName: string;
  kind: 'children' | 'adults' | 'both';
  name: string;
  email: string;
  password: string;
}

export async function completeSetup(
  db: Kysely<Database>,
  token: string,
  input: SetupInput,
  actor: Actor,
  now = new Date(),
) {
  const link = await findUsableLink(db, token, 'setup', now);
  if (!link || !(await isFirstRun(db)))
    throw new HttpError(410, 'This set-up link has expired or has already been used');
  const used = await db.transaction().execute((trx) => useLink(trx, link.id, now));
  if (!used) throw new HttpError(410, 'This set-up link has expired or has already been used');
  const org = await createOrganisation(db, { name: input.partnershipName, kind: input.kind }, actor, now);
  const user = await createUser(
    db,
    { email: input.email, name: input.name, password: input.password, organisationId: org.id, role: 'admin' },
    { ...actor, organisationId: org.id },
    now,
  );
  return { org, user };
}
