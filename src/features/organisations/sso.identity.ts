import type { OrganisationTable, Role } from '../../db/schema.js';
import type { SecretBox } from '../../lib/secret-box.js';
import { clientSecretOf, DEFAULT_GROUPS_CLAIM } from './single-sign-on.service.js';
import { normaliseEmail } from '../accounts/accounts.service.js';

/**
 * The rules of single sign-on that need no identity provider: a partnership's settings as the sign-in
 * uses them, the sign-in in progress kept between start and callback, what the provider's answer must
 * show about the person, and the role their groups give them.
 */

/** How long someone has to finish signing in at their identity provider. */
export const SSO_TTL_MS = 10 * 60 * 1000;

export interface SsoSettings {
  issuer: string;
  clientId: string;
  clientSecret: string | null;
  allowedDomains: string[];
  groupsClaim: string;
  adminGroup: string | null;
  viewerGroup: string | null;
}

export const splitDomains = (text: string | null | undefined): string[] =>
  [...new Set((text ?? '').split(/[\s,]+/).map((d) => d.trim().toLowerCase().replace(/^@/, '')))].filter(Boolean);

/** The partnership's single sign-on settings, or null when it is not set up. */
export function ssoSettingsOf(org: OrganisationTable, box: SecretBox): SsoSettings | null {
  if (!org.oidc_issuer || !org.oidc_client_id) return null;
  return {
    issuer: org.oidc_issuer,
    clientId: org.oidc_client_id,
    clientSecret: clientSecretOf(box, org),
    allowedDomains: splitDomains(org.oidc_allowed_domains),
    groupsClaim: org.oidc_role_claim || DEFAULT_GROUPS_CLAIM,
    adminGroup: org.oidc_admin_group || null,
    viewerGroup: org.oidc_viewer_group || null,
  };
}

/** Admin group wins over viewer group; everyone else allowed in is a member. */
export function roleFromGroups(groups: string[], s: Pick<SsoSettings, 'adminGroup' | 'viewerGroup'>): Role {
  if (s.adminGroup && groups.includes(s.adminGroup)) return 'admin';
  if (s.viewerGroup && groups.includes(s.viewerGroup)) return 'viewer';
  return 'member';
}

/** A sign-in in progress, kept in a signed, httpOnly cookie between the start and the callback. */
export interface SsoTransaction {
  organisationId: string;
  state: string;
  nonce: string;
  codeVerifier: string;
  expiresAt: number;
}

export const encodeTransaction = (t: SsoTransaction) => Buffer.from(JSON.stringify(t)).toString('base64url');

export function decodeTransaction(value: string | null | undefined): SsoTransaction | null {
  if (!value) return null;
  try {
    const t = JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) as Partial<SsoTransaction>;
    const strings = [t.organisationId, t.state, t.nonce, t.codeVerifier];
    if (strings.every((s) => typeof s === 'string' && s.length > 0) && typeof t.expiresAt === 'number') {
      return t as SsoTransaction;
    }
  } catch {
    // not ours
  }
  return null;
}

export type SsoReason =
  | 'no_transaction'
  | 'expired'
  | 'state_mismatch'
  | 'not_configured'
  | 'provider_unreachable'
  | 'provider_refused'
  | 'provider_error'
  | 'no_email'
  | 'email_not_verified'
  | 'domain_not_allowed'
  | 'membership_disabled'
  | 'other_partnerships';

/** Why single sign-on did not sign someone in; `cause` is for the log only. */
export class SsoProblem extends Error {
  constructor(
    readonly reason: SsoReason,
    cause?: unknown,
  ) {
    super(`Single sign-on failed: ${reason}`, { cause });
    this.name = 'SsoProblem';
  }
}

export interface Identity {
  email: string;
  name: string;
  groups: string[];
}

/** The email (verified when the provider says), name and groups; the email's domain must be allowed. */
export function checkIdentity(claims: Record<string, unknown>, s: SsoSettings): Identity {
  const email = typeof claims.email === 'string' ? normaliseEmail(claims.email) : '';
  const at = email.lastIndexOf('@');
  if (at < 1 || at === email.length - 1) throw new SsoProblem('no_email');
  if (claims.email_verified !== undefined && claims.email_verified !== true && claims.email_verified !== 'true')
    throw new SsoProblem('email_not_verified');
  if (!s.allowedDomains.includes(email.slice(at + 1))) throw new SsoProblem('domain_not_allowed');
  const raw = claims[s.groupsClaim];
  const groups = (Array.isArray(raw) ? raw : [raw]).filter((g): g is string => typeof g === 'string');
  const given = [claims.given_name, claims.family_name].filter((n) => typeof n === 'string').join(' ');
  const name = (typeof claims.name === 'string' && claims.name.trim()) || given.trim() || email.slice(0, at);
  return { email, name: name.slice(0, 120), groups: groups.map((g) => g.trim()) };
}
