import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
// @ts-expect-error oidc-provider ships no type declarations; only this test helper uses it.
import Provider from 'oidc-provider';
import { parse } from 'node-html-parser';

/**
 * A real OpenID Connect provider (panva/oidc-provider) on 127.0.0.1 and a random port, for tests:
 * one confidential client, PKCE required, the development login and consent pages, and test accounts
 * whose claims are email, email_verified, name and groups. The login name is the account id.
 */

export interface TestAccount {
  email: string;
  /** Default true; undefined leaves the claim out. */
  emailVerified?: boolean | null;
  name: string;
  groups?: string[];
}

export interface TestOidcProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Add or change accounts while the provider runs. */
  accounts: Map<string, TestAccount>;
  close(): Promise<void>;
}

interface ProviderLike {
  callback(): (req: unknown, res: unknown) => void;
}

export async function startOidcProvider(opts: {
  redirectUri: string;
  accounts?: Record<string, TestAccount>;
}): Promise<TestOidcProvider> {
  const accounts = new Map(Object.entries(opts.accounts ?? {}));
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const clientId = 'quality-markers-test';
  const clientSecret = `test-secret-${Math.random().toString(36).slice(2)}`;

  const provider = new (Provider as new (issuer: string, config: object) => ProviderLike)(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [opts.redirectUri],
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    pkce: { required: () => true },
    features: { devInteractions: { enabled: true } },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'], groups: ['groups'] },
    cookies: { keys: ['test-only-cookie-signing-key'] },
    ttl: { AccessToken: 600, AuthorizationCode: 60, Grant: 600, IdToken: 600, Interaction: 600, Session: 600 },
    async findAccount(_ctx: unknown, sub: string) {
      const account = accounts.get(sub);
      if (!account) return undefined;
      return {
        accountId: sub,
        async claims() {
          return {
            sub,
            email: account.email,
            ...(account.emailVerified === null ? {} : { email_verified: account.emailVerified ?? true }),
            name: account.name,
            groups: account.groups ?? [],
          };
        },
      };
    },
  });
  server.on('request', provider.callback());

  return {
    issuer,
    clientId,
    clientSecret,
    accounts,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * A browser at the provider: follows its redirects with a cookie jar, fills in its development login
 * form (any password) and consent form, and stops at the first redirect to `redirectUri`.
 */
export async function signInAtProvider(authorizationUrl: string, login: string, redirectUri: string): Promise<URL> {
  const jar = new Map<string, string>();
  let url = new URL(authorizationUrl);
  let form: URLSearchParams | undefined;
  for (let step = 0; step < 20; step++) {
    const res = await fetch(url, {
      method: form ? 'POST' : 'GET',
      body: form,
      redirect: 'manual',
      headers: {
        ...(jar.size ? { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') } : {}),
        ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
    });
    for (const c of res.headers.getSetCookie()) {
      const [pair = ''] = c.split(';');
      const name = pair.slice(0, pair.indexOf('='));
      const value = pair.slice(pair.indexOf('=') + 1);
      if (!value || /expires=Thu, 01 Jan 1970/i.test(c)) jar.delete(name);
      else jar.set(name, value);
    }
    form = undefined;
    if (res.status >= 300 && res.status < 400) {
      const next = new URL(res.headers.get('location')!, url);
      if (next.href.startsWith(redirectUri)) return next;
      url = next;
      continue;
    }
    const html = await res.text();
    const element = parse(html).querySelector('form');
    if (res.status !== 200 || !element) throw new Error(`Unexpected answer from the provider (${res.status}): ${html}`);
    form = new URLSearchParams();
    for (const input of element.querySelectorAll('input')) {
      const name = input.getAttribute('name');
      if (name) form.set(name, input.getAttribute('value') ?? '');
    }
    if (form.get('prompt') === 'login') {
      form.set('login', login);
      form.set('password', 'any password will do');
    }
    url = new URL(element.getAttribute('action') ?? '', url);
  }
  throw new Error('Too many steps at the provider');
}
