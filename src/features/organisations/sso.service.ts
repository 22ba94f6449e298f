import type { Kysely } from 'kysely';
import type * as oidc from 'openid-client';
import type { Database } from '../../db/schema.js';
import { HttpError } from '../../lib/errors.js';
import type { SecretBox } from '../../lib/secret-box.js';
import { recordAudit } from '../audit/audit.service.js';
import {
  changeRole,
  findOrganisationBySlug,
  getOrganisation,
  listSingleSignOnPartnerships,
  membershipsByEmail,
} from './organisations.service.js';
import { isLoopbackHttp } from './single-sign-on.service.js';
import { createUser, sha256 } from '../accounts/accounts.service.js';
import {
  checkIdentity,
  roleFromGroups,
  SSO_TTL_MS,
  SsoProblem,
  ssoSettingsOf,
  type Identity,
  type SsoSettings,
  type SsoTransaction,
} from './sso.identity.js';
import type { Actor } from '../../plugins/auth.js';

/** openid-client loads on the first single sign-on, not at start-up. */
const openidClient = () => import('openid-client');

/**
 * Single sign-on with OpenID Connect, set up per partnership: the authorization code flow with PKCE,
 * state and nonce. The identity provider is responsible for MFA, so no second factor is asked for here.
 */

type Db = Kysely<Database>;

const DISCOVERY_CACHE_MS = 10 * 60 * 1000;

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

/** Signed in through single sign-on: the session has started. */
export function recordSsoSignedIn(db: Db, actor: Actor, now = new Date()) {
  return recordAudit(db, actor, { action: 'sign_in.succeeded', detail: { method: 'sso' } }, now);
}
