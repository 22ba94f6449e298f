import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { newId } from '../../lib/ids.js';
import { recordAudit } from '../audit/audit.service.js';
import { frameworkToJson, frameworkToYaml, sha256 } from './framework.export.js';
import type { FrameworkProblem } from './framework.parse.js';
import { readFrameworkFile, type FrameworkFormat } from './framework.read.js';
import type { FrameworkFile } from './framework.schema.js';
import type { SheetDefaults } from './framework.sheet.js';
import { insertImported, listImportedRows, userNames, versionsOfKey } from './frameworks.repository.js';
import { compareVersions, frameworksVisibleTo, type FrameworkCatalogue } from './frameworks.service.js';
import type { Actor } from '../../plugins/auth.js';

/** A partnership's own frameworks: import (with every check), list, export. */

export type ImportOutcome =
  | { ok: true; framework: FrameworkFile; id: string; format?: FrameworkFormat }
  | { ok: false; problems: FrameworkProblem[]; format?: FrameworkFormat };

/** Framework fields an upload form or the command line may give, for spreadsheets that do not. */
export type ImportFields = Pick<SheetDefaults, 'key' | 'version' | 'title' | 'summary'>;

export interface ImportFile {
  filename: string;
  bytes: Buffer;
  fields?: ImportFields;
}

/** Reads and validates a file without importing it (the CLI's validate, and the first step of import). */
export function readImportFile(file: ImportFile, publisher: string, now: Date = new Date()) {
  return readFrameworkFile(file.filename, file.bytes, {
    ...file.fields,
    publisher,
    published: now.toISOString().slice(0, 10),
  });
}

export async function importFrameworkFile(
  db: Kysely<Database>,
  catalogue: FrameworkCatalogue,
  organisation: { id: string; name: string },
  file: ImportFile,
  actor: Actor,
  now: Date = new Date(),
): Promise<ImportOutcome> {
  const read = await readImportFile(file, organisation.name, now);
  if (!read.ok) return read;
  const outcome = await importFramework(db, catalogue, organisation.id, read.framework, actor, now);
  return { ...outcome, format: read.format };
}

/**
 * Stores a validated framework as a new version in the partnership. Refuses a built-in key, and a
 * version that is not higher than the latest one the partnership has of that key.
 */
export async function importFramework(
  db: Kysely<Database>,
  catalogue: FrameworkCatalogue,
  organisationId: string,
  framework: FrameworkFile,
  actor: Actor,
  now: Date = new Date(),
): Promise<ImportOutcome> {
  if (catalogue.isBuiltIn(framework.key)) {
    return refuse('key', `'${framework.key}' is the key of a built-in framework: give your framework a key of its own`);
  }
  const content = frameworkToJson(framework);
  const hash = sha256(content);
  const id = newId(now.getTime());
  const tooLow = async (ex: Kysely<Database>) => {
    const latest = (await versionsOfKey(ex, organisationId, framework.key)).sort(compareVersions).at(-1);
    return latest && compareVersions(framework.version, latest) <= 0
      ? `Version ${framework.version} is not higher than the latest version, ${latest}`
      : undefined;
  };
  try {
    const refused = await db.transaction().execute(async (trx) => {
      const message = await tooLow(trx);
      if (message) return message;
      await insertImported(trx, organisationId, {
        id,
        key: framework.key,
        version: framework.version,
        title: framework.title,
        content,
        hash,
        createdAt: now.toISOString(),
        createdBy: actor.userId,
      });
      await recordAudit(
        trx,
        { ...actor, organisationId },
        {
          action: 'framework.imported',
          objectType: 'framework',
          objectId: id,
          detail: { key: framework.key, version: framework.version, hash },
        },
        now,
      );
      return undefined;
    });
    if (refused) return refuse('version', refused);
  } catch (err) {
    // Two imports of the same version at once: the unique index stops the second.
    const message = await tooLow(db);
    if (message) return refuse('version', message);
    throw err;
  }
  return { ok: true, framework, id };
}

function refuse(field: string, message: string): ImportOutcome {
  return { ok: false, problems: [{ field, message }] };
}

export interface ImportedFramework {
  key: string;
  title: string;
  latest: string;
  versions: { version: string; title: string; importedAt: string; importedBy: string | null; hash: string }[];
}

/** The partnership's imported frameworks, each with its versions, newest first. */
export async function listImported(db: Kysely<Database>, organisationId: string): Promise<ImportedFramework[]> {
  const rows = await listImportedRows(db, organisationId);
  const names = await userNames(db, organisationId, [...new Set(rows.flatMap((r) => r.created_by ?? []))]);
  const byKey = new Map<string, ImportedFramework>();
  for (const r of rows) {
    const entry = byKey.get(r.key) ?? { key: r.key, title: r.title, latest: r.version, versions: [] };
    entry.versions.push({
      version: r.version,
      title: r.title,
      importedAt: r.created_at,
      importedBy: r.created_by ? (names.get(r.created_by) ?? null) : null,
      hash: r.hash,
    });
    byKey.set(r.key, entry);
  }
  return [...byKey.values()]
    .map((f) => {
      const versions = f.versions.sort((a, b) => compareVersions(b.version, a.version));
      return { ...f, versions, latest: versions[0]!.version, title: versions[0]!.title };
    })
    .sort((a, b) => a.title.localeCompare(b.title));
}

/**
 * A framework as YAML: `key` or `key@version`, among the built-in ones and, with an organisation,
 * that partnership's own. Undefined when there is no such framework or version.
 */
export async function exportFramework(
  db: Kysely<Database> | null,
  catalogue: FrameworkCatalogue,
  organisationId: string | null,
  ref: string,
): Promise<string | undefined> {
  const [key = '', version] = ref.split('@');
  const visible =
    db && organisationId
      ? await frameworksVisibleTo(db, catalogue, { organisation: { id: organisationId } })
      : catalogue;
  const fw = version ? visible.version(key, version) : visible.latest(key);
  return fw ? frameworkToYaml(fw) : undefined;
}
