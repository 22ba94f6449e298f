import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database, Role } from '../../db/schema.js';
import { HttpError, NotFoundError } from '../../lib/errors.js';
import { untrustedTask } from '../../lib/untrusted/pool.js';
import { UntrustedParseError } from '../../lib/untrusted/refusal.js';
import { recordAudit } from '../audit/audit.service.js';
import { checkLogo, LOGO_LIMIT_BYTES, type LogoCheck } from './logo-file.js';
import * as repo from './reports.repository.js';
import type { Actor } from '../../plugins/auth.js';

type Db = Kysely<Database>;

/** An admin of the partnership acting on its settings. */
export interface SettingsActor extends Actor {
  userId: string;
  organisationId: string;
  partnershipRole: Role;
}

export { LOGO_LIMIT_BYTES };

function requireAdmin(actor: SettingsActor) {
  if (actor.partnershipRole !== 'admin') throw new HttpError(403, 'Only partnership admins can change the logo');
}

/** Whether the partnership has a logo, and of what type. */
export async function currentLogo(db: Db, organisationId: string) {
  return (await repo.hasLogo(db, organisationId)) ?? null;
}

/** The partnership's own logo, for anyone signed in to it; 404 when there is none. */
export async function logoFile(db: Db, organisationId: string) {
  const logo = await repo.findLogo(db, organisationId);
  if (!logo) throw new NotFoundError();
  return { contentType: logo.content_type, content: Buffer.from(logo.content), sha256: logo.sha256 };
}

/** The partnership's logo for a document's title page (the review's exports, the yearly report), or null. */
export async function logoForDocuments(db: Db, organisationId: string) {
  const logo = await repo.findLogo(db, organisationId);
  return logo ? { contentType: logo.content_type, content: Buffer.from(logo.content) } : null;
}

export type LogoSaved = { ok: true } | { ok: false; error: string };

const checkLogoInWorker = untrustedTask<typeof checkLogo>(new URL('./logo-file.js', import.meta.url), 'checkLogo');

/** checkLogo (which parses and rebuilds an SVG) in a worker thread with memory and time limits. */
async function checkLogoOffThread(data: Buffer): Promise<LogoCheck> {
  if (data.length === 0 || data.length > LOGO_LIMIT_BYTES) return checkLogo(data);
  try {
    const checked = await checkLogoInWorker(data);
    if (!checked.ok) return checked;
    const { buffer, byteOffset, byteLength } = checked.content;
    return { ...checked, content: Buffer.from(buffer, byteOffset, byteLength) };
  } catch (err) {
    if (!(err instanceof UntrustedParseError)) throw err;
    return { ok: false, error: err.fieldMessage };
  }
}

/** Checks the file by its content, sanitises an SVG, and replaces the partnership's logo. */
export async function saveLogo(db: Db, actor: SettingsActor, data: Buffer, now = new Date()): Promise<LogoSaved> {
  requireAdmin(actor);
  const checked = await checkLogoOffThread(data);
  if (!checked.ok) return checked;
  const sha256 = createHash('sha256').update(checked.content).digest('hex');
  await db.transaction().execute(async (trx) => {
    await repo.putLogo(trx, {
      organisation_id: actor.organisationId,
      content_type: checked.contentType,
      content: checked.content,
      sha256,
      updated_at: now.toISOString(),
      updated_by: actor.userId,
    });
    await recordAudit(
      trx,
      actor,
      {
        action: 'organisation.logo_changed',
        objectType: 'organisation',
        objectId: actor.organisationId,
        detail: { type: checked.contentType, bytes: checked.content.length },
      },
      now,
    );
  });
  return { ok: true };
}

export async function removeLogo(db: Db, actor: SettingsActor, now = new Date()) {
  requireAdmin(actor);
  await db.transaction().execute(async (trx) => {
    if (await repo.deleteLogo(trx, actor.organisationId)) {
      await recordAudit(
        trx,
        actor,
        { action: 'organisation.logo_removed', objectType: 'organisation', objectId: actor.organisationId },
        now,
      );
    }
  });
}
