import type { Db } from '../../src/db/create-db.js';
import { insertOrganisation, insertPerson } from '../../test/helpers/client.js';
import { seedPartnership, type Partnership } from './support.js';

/** The second partnership the lead of the account specs also belongs to (as a viewer). */
export const OTHER_PARTNERSHIP = 'Otherby Safeguarding Adults Board';

/**
 * The partnership of the signing-in, account and admin specs (sign-in, accounts and admin.spec.ts): its
 * lead also belongs to a second partnership, so they choose one after signing in, and only they can reset
 * their own password.
 */
export async function seedAccountsPartnership(db: Db): Promise<Partnership> {
  const p = await seedPartnership(db, 'Anytown Safeguarding Children Partnership');
  const other = await insertOrganisation(db, OTHER_PARTNERSHIP);
  await insertPerson(db, other.id, 'viewer', { email: p.lead.email });
  return p;
}
