import type { Kysely } from 'kysely';
import type * as oidc from 'openid-client';
import type { Database, OrganisationTable, Role } from '../../db/schema.js';
import { HttpError } from '../../lib/errors.js';
import type { SecretBox } from '../../lib/secret-box.js';
import { recordAudit, type Actor } from '../audit/audit.service.js';
import {
  changeRole,
  clientSecretOf,
  findOrganisationBySlug,
  getOrganisation,
  listSingleSignOnPartnerships,
  membershipsByEmail,
} from '../organisations/organisations.service.js';
import { createUser, normaliseEmail, sha256 } from './accounts.service.js';

/** openid-client loads on the first single sign-on, not at start-up. */
const openidClient = () => import('openid-client');

/**
 * Single sign-on with OpenID Connect, set up per partnership: the authorization code flow with PKCE,
 * state and nonce. The identity provider is responsible for MFA, so no second factor is asked for here.
 */

type Db = Kysely<Database>;

/** How long someone has to finish signing in at their identity provider. */
export const SSO_TTL_MS = 10 * 60 * 1000;
const DISCOVERY_CACHE_MS = 10 * 60 * 1000;
export const DEFAULT_GROUPS_CLAIM = 'groups';

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

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** http is only ever allowed to this machine (a test or development identity provider). */
export function isLoopbackHttp(url: URL): boolean {
  return url.protocol === 'http:' && LOOPBACK.has(url.hostname);
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

export interface SingleSignOnOptions {
  /** `${publicUrl}/sign-in/single-sign-on/callback`, registered with each identity provider. */
  redirectUri: string;
  /** Allow http identity providers on this machine (never in production). */
  allowHttpLoopback: boolean;
  timeoutSeconds?: number;
  /** Opens the client secrets, which are stored sealed. */
  secretBox: SecretBox;
}

type Requester = Omit<Actor, 'userId' | 'organisationId'>;

/** One per app: discovered provider metadata is cached in memory (a cache only; nothing else relies on it). */
export class SingleSignOn {
  private readonly configs = new Map<string, { config: Promise<oidc.Configuration>; at: number }>();
  private readonly endpointOrigins = new Map<string, string>();

  constructor(
    private readonly db: Db,
    private readonly options: SingleSignOnOptions,
  ) {}

  partnerships() {
    return listSingleSignOnPartnerships(this.db);
  }

  /** Origins the sign-in form may be redirected to: each issuer's, and its authorization endpoint's once known. */
  formActionOrigins(issuers: (string | null)[]): string[] {
    const origins = new Set<string>();
    for (const issuer of issuers) {
      if (!issuer || !URL.canParse(issuer)) continue;
      origins.add(new URL(issuer).origin);
      const endpoint = this.endpointOrigins.get(issuer);
      if (endpoint) origins.add(endpoint);
    }
    return [...origins].filter((o) => /^https?:\/\/[^\s;,']+$/.test(o));
  }

  private configuration(settings: SsoSettings, organisationId: string): Promise<oidc.Configuration> {
    const key = sha256([organisationId, settings.issuer, settings.clientId, settings.clientSecret ?? ''].join('\n'));
    const cached = this.configs.get(key);
    if (cached && Date.now() - cached.at < DISCOVERY_CACHE_MS) return cached.config;
    const config = this.discover(settings);
    this.configs.set(key, { config, at: Date.now() });
    config.catch(() => this.configs.delete(key));
    return config;
  }

  private async discover(s: SsoSettings): Promise<oidc.Configuration> {
    const client = await openidClient();
    const issuer = new URL(s.issuer);
    const insecure = this.options.allowHttpLoopback && isLoopbackHttp(issuer);
    if (issuer.protocol !== 'https:' && !insecure) throw new Error('The issuer must use https');
    const execute = insecure ? [client.allowInsecureRequests] : [];
    const timeout = this.options.timeoutSeconds ?? 10;
    const secret = s.clientSecret ?? undefined;
    const basic = secret ? client.ClientSecretBasic(secret) : client.None();
    const found = await client.discovery(issuer, s.clientId, secret, basic, { execute, timeout });
    const endpoint = found.serverMetadata().authorization_endpoint;
    if (endpoint && URL.canParse(endpoint)) this.endpointOrigins.set(s.issuer, new URL(endpoint).origin);
    // client_secret_basic is the default; use client_secret_post only for providers without it.
    const methods = found.serverMetadata().token_endpoint_auth_methods_supported;
    if (!secret || !methods || methods.includes('client_secret_basic') || !methods.includes('client_secret_post'))
      return found;
    const post = new client.Configuration(found.serverMetadata(), s.clientId, secret, client.ClientSecretPost(secret));
    post.timeout = timeout;
    for (const run of execute) run(post);
    return post;
  }

  /** The identity provider's authorization URL for the partnership, and the transaction to keep. */
  async start(slug: string, now = new Date()): Promise<{ url: string; transaction: SsoTransaction }> {
    const client = await openidClient();
    const org = await findOrganisationBySlug(this.db, slug);
    const settings = org && ssoSettingsOf(org, this.options.secretBox);
    if (!org || !settings) throw new SsoProblem('not_configured');
    const config = await this.configuration(settings, org.id).catch((e: unknown) => {
      throw new SsoProblem('provider_unreachable', e);
    });
    const codeVerifier = client.randomPKCECodeVerifier();
    const transaction: SsoTransaction = {
      organisationId: org.id,
      state: client.randomState(),
      nonce: client.randomNonce(),
      codeVerifier,
      expiresAt: now.getTime() + SSO_TTL_MS,
    };
    const supported = config.serverMetadata().scopes_supported ?? [];
    const scope = [
      'openid',
      'email',
      'profile',
      ...(supported.includes(settings.groupsClaim) ? [settings.groupsClaim] : []),
    ];
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: this.options.redirectUri,
      scope: scope.join(' '),
      code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state: transaction.state,
      nonce: transaction.nonce,
    });
    return { url: url.href, transaction };
  }

  /**
   * Checks the identity provider's answer and finds or creates the member. Every refusal is audited
   * as sso.rejected with its reason (never the email address).
   */
  async finish(transaction: SsoTransaction | null, callbackUrl: URL, requester: Requester, now = new Date()) {
    let userId: string | null = null;
    try {
      if (!transaction) throw new SsoProblem('no_transaction');
      if (transaction.expiresAt <= now.getTime()) throw new SsoProblem('expired');
      if (callbackUrl.searchParams.get('state') !== transaction.state) throw new SsoProblem('state_mismatch');
      const org = await getOrganisation(this.db, transaction.organisationId).catch(() => undefined);
      const settings = org && ssoSettingsOf(org, this.options.secretBox);
      if (!org || !settings) throw new SsoProblem('not_configured');
      if (callbackUrl.searchParams.has('error')) throw new SsoProblem('provider_refused');
      const claims = await this.claims(settings, org.id, transaction, callbackUrl);
      const who = checkIdentity(claims, settings);
      const memberships = await membershipsByEmail(this.db, who.email);
      userId = memberships[0]?.user_id ?? null;
      return await this.admit(org.id, settings, who, memberships, requester, now);
    } catch (error) {
      if (error instanceof SsoProblem) {
        await recordAudit(
          this.db,
          { ...requester, userId, organisationId: transaction?.organisationId ?? null },
          { action: 'sso.rejected', detail: { reason: error.reason } },
          now,
        );
      }
      throw error;
    }
  }

  private async claims(s: SsoSettings, orgId: string, t: SsoTransaction, callbackUrl: URL) {
    const client = await openidClient();
    try {
      const config = await this.configuration(s, orgId);
      const tokens = await client.authorizationCodeGrant(config, callbackUrl, {
        pkceCodeVerifier: t.codeVerifier,
        expectedState: t.state,
        expectedNonce: t.nonce,
        idTokenExpected: true,
      });
      const idToken = tokens.claims()!;
      const missing = ['email', 'name', s.groupsClaim].some((c) => idToken[c] === undefined);
      if (!missing || !config.serverMetadata().userinfo_endpoint) return { ...idToken } as Record<string, unknown>;
      // Many providers put only the subject in the ID token and the rest behind the userinfo endpoint.
      const info = await client.fetchUserInfo(config, tokens.access_token, idToken.sub);
      return { ...info, ...idToken } as Record<string, unknown>;
    } catch (error) {
      if (error instanceof client.AuthorizationResponseError) throw new SsoProblem('provider_refused', error);
      throw new SsoProblem('provider_error', error);
    }
  }

  private async admit(
    organisationId: string,
    settings: SsoSettings,
    who: Identity,
    memberships: Awaited<ReturnType<typeof membershipsByEmail>>,
    requester: Requester,
    now: Date,
  ) {
    const here = memberships.find((m) => m.organisation_id === organisationId);
    if (here?.disabled_at) throw new SsoProblem('membership_disabled');
    // This partnership's provider may only sign in people whose other partnerships trust the same provider:
    // otherwise whoever controls it could reach another partnership's work.
    const elsewhere = memberships.filter((m) => m.organisation_id !== organisationId && !m.disabled_at);
    if (elsewhere.some((m) => m.oidc_issuer !== settings.issuer)) throw new SsoProblem('other_partnerships');

    const role = roleFromGroups(who.groups, settings);
    const actor = { ...requester, userId: null, organisationId };
    if (!here) {
      const user = await createUser(this.db, { email: who.email, name: who.name, organisationId, role }, actor, now);
      return { userId: user.id, organisationId, role };
    }
    // Roles follow the provider's groups only when the partnership maps groups to roles.
    if ((settings.adminGroup || settings.viewerGroup) && here.role !== role) {
      try {
        await changeRole(this.db, { ...actor, userId: here.user_id }, here.user_id, role, now);
        return { userId: here.user_id, organisationId, role };
      } catch (error) {
        // The last admin keeps their role: a partnership always has one.
        if (!(error instanceof HttpError && error.statusCode === 409)) throw error;
      }
    }
    return { userId: here.user_id, organisationId, role: here.role };
  }
}

interface Identity {
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

/** Signed in through single sign-on: the session has started. */
export function recordSsoSignedIn(db: Db, actor: Actor, now = new Date()) {
  return recordAudit(db, actor, { action: 'sign_in.succeeded', detail: { method: 'sso' } }, now);
}
