import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { problemLine } from './framework.parse.js';
import { builtInCatalogue } from './frameworks.service.js';
import { exportFramework, importFrameworkFile, readImportFile, type ImportFields } from './imports.service.js';
import type { Actor } from '../../plugins/auth.js';

/** `quality-markers framework import | validate | export`: wired into src/cli.ts. */

export const FRAMEWORK_USAGE = `  framework validate FILE [--title T --key K --version V]
                                         Check a framework file (YAML, JSON, CSV or XLSX) without importing it;
                                         prints each problem as FILE:line:column field: message (FILE:C7 for a
                                         spreadsheet cell) and exits 1 when there is any
  framework import FILE --organisation SLUG [--title T --key K --version V --summary S]
                                         Import a framework, or a new version of one, into a partnership
  framework export KEY[@VERSION] [--organisation SLUG]
                                         Write a framework as YAML to standard output (with --organisation,
                                         that partnership's own frameworks too)`;

export interface FrameworkCliContext {
  withDb<T>(fn: (db: Kysely<Database>) => Promise<T>): Promise<T>;
  organisationBySlug(db: Kysely<Database>, slug: string): Promise<{ id: string; slug: string; name: string }>;
  actor: Actor;
  usageError(message: string): Error;
  out(text: string): void;
  err(text: string): void;
}

const fieldOptions = {
  title: { type: 'string' },
  key: { type: 'string' },
  version: { type: 'string' },
  summary: { type: 'string' },
  organisation: { type: 'string' },
} as const;

function readFile(path: string | undefined, ctx: FrameworkCliContext): { path: string; bytes: Buffer } {
  if (!path)
    throw ctx.usageError('Give the framework file, like: quality-markers framework validate my-framework.yaml');
  try {
    return { path, bytes: readFileSync(path) };
  } catch {
    throw new Error(`Cannot read ${path}`);
  }
}

function fields(values: Partial<Record<keyof typeof fieldOptions, string>>): ImportFields {
  const out: ImportFields = {};
  for (const name of ['title', 'key', 'version', 'summary'] as const) if (values[name]) out[name] = values[name];
  return out;
}

export async function frameworkCommand(args: string[], ctx: FrameworkCliContext): Promise<number> {
  const [sub, ...rest] = args;
  const { values, positionals } = parseArgs({ args: rest, options: fieldOptions, allowPositionals: true });
  const catalogue = builtInCatalogue();

  if (sub === 'validate') {
    const file = readFile(positionals[0], ctx);
    const read = await readImportFile(
      { filename: basename(file.path), bytes: file.bytes, fields: fields(values) },
      values.organisation ?? 'Your partnership',
    );
    const problems = read.ok
      ? catalogue.isBuiltIn(read.framework.key)
        ? [
            {
              field: 'key',
              message: `'${read.framework.key}' is the key of a built-in framework: give your framework a key of its own`,
            },
          ]
        : []
      : read.problems;
    if (problems.length) {
      for (const p of problems) ctx.err(problemLine(file.path, p));
      return 1;
    }
    if (read.ok) {
      const markers = read.framework.stages.flatMap((s) => s.markers);
      const questions = markers.reduce((n, m) => n + m.questions.length, 0);
      ctx.out(
        `${file.path}: ${read.framework.key} ${read.framework.version} is valid (${markers.length} markers, ${questions} questions)`,
      );
    }
    return 0;
  }

  if (sub === 'import') {
    const file = readFile(positionals[0], ctx);
    if (!values.organisation) throw ctx.usageError('--organisation is required');
    const slug = values.organisation;
    const outcome = await ctx.withDb(async (db) => {
      const org = await ctx.organisationBySlug(db, slug);
      return importFrameworkFile(
        db,
        catalogue,
        org,
        { filename: basename(file.path), bytes: file.bytes, fields: fields(values) },
        { ...ctx.actor, organisationId: org.id },
      );
    });
    if (!outcome.ok) {
      for (const p of outcome.problems) ctx.err(problemLine(file.path, p));
      return 1;
    }
    ctx.out(`Imported ${outcome.framework.title} (${outcome.framework.key} ${outcome.framework.version}) into ${slug}`);
    return 0;
  }

  if (sub === 'export') {
    const ref = positionals[0];
    if (!ref)
      throw ctx.usageError('Give the framework key, like: quality-markers framework export scr-quality-markers@1.0.0');
    const slug = values.organisation;
    const yaml = slug
      ? await ctx.withDb(async (db) => exportFramework(db, catalogue, (await ctx.organisationBySlug(db, slug)).id, ref))
      : await exportFramework(null, catalogue, null, ref);
    if (yaml === undefined) {
      ctx.err(`There is no framework '${ref}'${slug ? ` in ${slug} or` : ''} among the built-in frameworks`);
      return 1;
    }
    ctx.out(yaml);
    return 0;
  }

  throw ctx.usageError(`Unknown framework command '${sub ?? ''}'`);
}
