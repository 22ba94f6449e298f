import type { Kysely } from 'kysely';
import type { Database, OrganisationTable } from '../../db/schema.js';
import type { SecretBox } from '../../lib/secret-box.js';
import * as repo from './organisations.repository.js';

/** A partnership's single sign-on facts that sign-in and the settings page share, and its stored secret. */

/** The ID token claim that lists a person's groups, when the partnership names none. */
export const DEFAULT_GROUPS_CLAIM = 'groups';

/** A partnership's single sign-on settings when it has none: every one of them empty. */
export const NO_SINGLE_SIGN_ON = {
  oidc_issuer: null,
  oidc_client_id: null,
  oidc_client_secret: null,
  oidc_allowed_domains: null,
  oidc_role_claim: null,
  oidc_admin_group: null,
  oidc_viewer_group: null,
} as const satisfies Partial<OrganisationTable>;

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** An http address on this machine: the only kind of http identity provider ever allowed (tests, development). */
export function isLoopbackHttp(url: URL): boolean {
  return url.protocol === 'http:' && LOOPBACK.has(url.hostname);
}

const clientSecretContext = (organisationId: string) => `oidc-client-secret:${organisationId}`;

/** A new client secret, sealed to be stored for the partnership. */
export const sealClientSecret = (box: SecretBox, organisationId: string, secret: string) =>
  box.seal(secret, clientSecretContext(organisationId));

/** The partnership's single sign-on client secret, opened (it is stored sealed), or null. */
export function clientSecretOf(box: SecretBox, org: OrganisationTable): string | null {
  return org.oidc_client_secret && box.open(org.oidc_client_secret, clientSecretContext(org.id));
}

/**
 * Seals every client secret stored in plain text (before sealing began) or with a previous key, so a
 * change of SESSION_SECRET can be finished. Run at start-up; a secret changed meanwhile is left alone.
 */
export async function sealStoredClientSecrets(db: Kysely<Database>, box: SecretBox): Promise<number> {
  let sealed = 0;
  for (const { id, oidc_client_secret: stored } of await repo.storedClientSecrets(db)) {
    const fresh = box.resealed(stored, clientSecretContext(id));
    if (fresh && (await repo.replaceClientSecret(db, id, stored, fresh))) sealed += 1;
  }
  return sealed;
}
