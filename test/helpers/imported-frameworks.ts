import { fixture } from '../fixtures/frameworks/fixtures.js';
import type { Db } from '../../src/db/create-db.js';
import { builtInCatalogue } from '../../src/features/frameworks/frameworks.service.js';
import { importFramework } from '../../src/features/frameworks/imports.service.js';
import { insertOrganisation } from './client.js';

/**
 * Two partnerships: Riverside, which has imported both versions of its own framework (the `local-v1` and
 * `local-v2` fixtures, key riverside-review-checks), and Hilltown, which has imported nothing.
 */
export async function partnershipWithImportedFramework(db: Db) {
  const org = await insertOrganisation(db, 'Riverside Safeguarding Partnership');
  const other = await insertOrganisation(db, 'Hilltown Safeguarding Adults Board');
  const catalogue = builtInCatalogue();
  const actor = { userId: null, organisationId: org.id, ip: null, userAgent: null };
  await importFramework(db, catalogue, org.id, fixture('local-v1.yaml'), actor);
  await importFramework(db, catalogue, org.id, fixture('local-v2.yaml'), actor);
  return { org, other };
}
