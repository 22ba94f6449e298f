import { createHash, randomBytes } from 'node:crypto';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { Db } from '../../src/db/create-db.js';
import type { Role } from '../../src/db/schema.js';
import { newId } from '../../src/lib/ids.js';
import { createToken } from '../../src/features/accounts/tokens.service.js';
import { ensureThemes } from '../../src/features/actions/themes.service.js';
import { NO_SINGLE_SIGN_ON } from '../../src/features/organisations/single-sign-on.service.js';

/**
 * A browser-like client for app.inject(): keeps cookies, and posts forms with the CSRF token a page
 * would have given it.
 */
export class Client {
  readonly cookies = new Map<string, string>();

  constructor(readonly app: FastifyInstance) {}

  private cookieHeader(): string | undefined {
    return this.cookies.size ? [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ') : undefined;
  }

  private keep(res: LightMyRequestResponse) {
    for (const c of res.cookies) {
      if (c.expires && c.expires.getTime() <= Date.now() && c.value === '') this.cookies.delete(c.name);
      else if (c.maxAge === 0 || (c.expires && c.expires.getTime() < 1000)) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
    return res;
  }

  async get(url: string, headers: Record<string, string> = {}) {
    const cookie = this.cookieHeader();
    return this.keep(
      await this.app.inject({ method: 'GET', url, headers: { ...headers, ...(cookie ? { cookie } : {}) } }),
    );
  }

  /** A CSRF token from a page that has a form (the sign-in page always does). */
  async csrfToken(from?: string): Promise<string> {
    // Signed out, the sign-in form has a token; signed in, every page's sign-out form has one.
    for (const url of from ? [from] : ['/sign-in', '/account']) {
      const res = await this.get(url);
      const token = /name="_csrf" value="([^"]+)"/.exec(res.body)?.[1];
      if (token) return token;
    }
    throw new Error(`No CSRF token on ${from ?? '/sign-in or /account'}`);
  }

  async post(
    url: string,
    fields: Record<string, string | string[]> = {},
    opts: { csrf?: boolean; csrfFrom?: string; headers?: Record<string, string> } = {},
  ) {
    const body = new URLSearchParams();
    if (opts.csrf !== false) body.append('_csrf', await this.csrfToken(opts.csrfFrom));
    for (const [k, v] of Object.entries(fields)) for (const one of [v].flat()) body.append(k, one);
    const cookie = this.cookieHeader();
    return this.keep(
      await this.app.inject({
        method: 'POST',
        url,
        payload: body.toString(),
        headers: {
          ...opts.headers,
          'content-type': 'application/x-www-form-urlencoded',
          ...(cookie ? { cookie } : {}),
        },
      }),
    );
  }

  /**
   * Posts a multipart form as a browser does: the CSRF token first (unless `csrf: false`), then the fields,
   * then the files, each under its field name.
   */
  async postMultipart(
    url: string,
    fields: Record<string, string> = {},
    files: Record<string, { name: string; data: Buffer; type?: string }> = {},
    opts: { csrf?: boolean } = {},
  ) {
    const form = new FormData();
    if (opts.csrf !== false) form.append('_csrf', await this.csrfToken());
    for (const [k, v] of Object.entries(fields)) form.append(k, v);
    for (const [k, f] of Object.entries(files)) {
      form.append(k, new Blob([new Uint8Array(f.data)], f.type ? { type: f.type } : {}), f.name);
    }
    const request = new Request('http://localhost/', { method: 'POST', body: form });
    const cookie = this.cookieHeader();
    return this.keep(
      await this.app.inject({
        method: 'POST',
        url,
        payload: Buffer.from(await request.arrayBuffer()),
        headers: { 'content-type': request.headers.get('content-type')!, ...(cookie ? { cookie } : {}) },
      }),
    );
  }
}

export interface Person {
  id: string;
  email: string;
  name: string;
  role: Role;
}

/** Inserts a partnership, straight into the database (fast; no audit), with its learning themes. */
export async function insertOrganisation(db: Db, name: string) {
  const id = newId();
  const slug = `${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${id.slice(-6)}`;
  await db
    .insertInto('organisation')
    .values({
      id,
      slug,
      name,
      kind: 'children',
      require_two_factor: 0,
      ...NO_SINGLE_SIGN_ON,
      created_at: new Date().toISOString(),
      updated_at: null,
    })
    .execute();
  // As createOrganisation does: themes are seeded when a partnership is created, never on a read.
  await ensureThemes(db, id, 'children');
  return { id, slug, name };
}

/**
 * Inserts a person with a membership; with `twoFactor`, as if they had set up two-factor already; with
 * `disabled`, their membership switched off by an admin.
 */
export async function insertPerson(
  db: Db,
  organisationId: string,
  role: Role,
  opts: { passwordHash?: string; twoFactor?: boolean; email?: string; disabled?: boolean } = {},
): Promise<Person> {
  const id = newId();
  const email = opts.email ?? `${role}-${id.slice(-8)}@example.org`;
  const now = new Date().toISOString();
  await db
    .insertInto('user_account')
    .values({
      id,
      email,
      name: `${role[0]!.toUpperCase()}${role.slice(1)} ${id.slice(-4)}`,
      password_hash: opts.passwordHash ?? null,
      totp_secret: opts.twoFactor ? 'JBSWY3DPEHPK3PXP' : null,
      totp_enabled_at: opts.twoFactor ? now : null,
      created_at: now,
      updated_at: now,
    })
    .onConflict((oc) => oc.column('email').doNothing())
    .execute();
  const user = await db
    .selectFrom('user_account')
    .select(['id', 'name'])
    .where('email', '=', email)
    .executeTakeFirstOrThrow();
  await db
    .insertInto('membership')
    .values({
      id: newId(),
      organisation_id: organisationId,
      user_id: user.id,
      role,
      disabled_at: opts.disabled ? now : null,
      created_at: now,
      updated_at: now,
    })
    .execute();
  return { id: user.id, email, name: user.name, role };
}

/** A session row for the person (working in the partnership), and the cookie value that names it. */
export async function createSession(db: Db, person: Person, organisationId: string | null): Promise<string> {
  const id = randomBytes(32).toString('base64url');
  const now = new Date();
  await db
    .insertInto('session')
    .values({
      id_hash: createHash('sha256').update(id).digest('hex'),
      user_id: person.id,
      organisation_id: organisationId,
      second_factor_pending: 0,
      created_at: now.toISOString(),
      last_seen_at: now.toISOString(),
      expires_at: new Date(now.getTime() + 12 * 3600_000).toISOString(),
    })
    .execute();
  return id;
}

/** A client already signed in as the person, working in the partnership (a session row made directly). */
export async function signedInClient(app: FastifyInstance, db: Db, person: Person, organisationId: string | null) {
  const client = new Client(app);
  client.cookies.set('qm_session', await createSession(db, person, organisationId));
  return client;
}

/** A signed-in person of the given role in a new partnership, for tests that need one person and nothing else. */
export async function signedInToNewPartnership(app: FastifyInstance, db: Db, role: Role = 'member'): Promise<Client> {
  const org = await insertOrganisation(db, 'Anytown Partnership');
  return signedInClient(app, db, await insertPerson(db, org.id, role), org.id);
}

/** An API token of a member, made as the tokens page makes one (no expiry); answers the secret. */
export async function apiToken(
  db: Db,
  organisationId: string,
  userId: string,
  scopes: readonly ('read' | 'write')[] = ['read', 'write'],
): Promise<string> {
  const system = { userId: null, organisationId: null, ip: null, userAgent: null };
  const made = await createToken(
    db,
    { organisationId, userId, name: 't', scopes: [...scopes], expiresAt: null },
    system,
  );
  return made.token;
}
