import { randomBytes } from 'node:crypto';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.js';
import { Client, insertOrganisation, insertPerson, signedInClient } from '../../../test/helpers/client.js';
import { fixtureText } from '../../../test/fixtures/frameworks/fixtures.js';

// The frameworks admin pages' route tests (frameworks-admin.routes.test.ts) and their fuzzers
// (frameworks-admin.fuzz.test.ts): an app with a partnership and its admin, and uploads sent as a browser
// sends them.

export interface Upload {
  filename: string;
  content: Buffer | string;
  type?: string;
}

/** An app with one partnership and a signed-in admin of it. */
export async function frameworksAdminWorld() {
  const t = await buildTestApp();
  const org = await insertOrganisation(t.testDb.db, 'Riverside Safeguarding Partnership');
  const admin = await signedInClient(
    t.app,
    t.testDb.db,
    await insertPerson(t.testDb.db, org.id, 'admin', { twoFactor: true }),
    org.id,
  );
  return { t, org, admin };
}

/** A multipart/form-data body as a browser sends it. */
export function multipartBody(fields: Record<string, string>, file?: Upload) {
  const boundary = `----qm${randomBytes(8).toString('hex')}`;
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  }
  if (file) {
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.filename}"\r\n` +
          `Content-Type: ${file.type ?? 'application/octet-stream'}\r\n\r\n`,
      ),
      Buffer.isBuffer(file.content) ? file.content : Buffer.from(file.content),
      Buffer.from('\r\n'),
    );
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

const tokens = new WeakMap<Client, string>();

/** Sends a file (and form fields) to the import form of `t`'s app as `client`, with its CSRF token unless `csrf` is false. */
export async function upload(
  t: TestApp,
  client: Client,
  file: Upload | undefined,
  fields: Record<string, string> = {},
  csrf = true,
) {
  let token = tokens.get(client);
  if (csrf && !token) {
    token = await client.csrfToken('/admin/frameworks/import');
    tokens.set(client, token);
  }
  const { payload, contentType } = multipartBody({ ...(csrf ? { _csrf: token! } : {}), ...fields }, file);
  const cookie = [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  return t.app.inject({
    method: 'POST',
    url: '/admin/frameworks/import',
    payload,
    headers: { 'content-type': contentType, cookie },
  });
}

export const yamlFile = (name: string, content = fixtureText(name)): Upload => ({
  filename: name,
  content,
  type: 'application/yaml',
});
