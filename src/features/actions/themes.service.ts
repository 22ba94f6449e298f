/** Learning themes: a partnership's own list, seeded by its kind when it is created (never on a read). */
import type { Kysely, Transaction } from 'kysely';
import type { Database, LearningThemeTable } from '../../db/schema.js';
import { HttpError, NotFoundError } from '../../lib/errors.js';
import { newId } from '../../lib/ids.js';
import { recordAudit } from '../audit/audit.service.js';
import { themesForKind, type PartnershipKind } from './actions.options.js';
import * as repo from './themes.repository.js';
import type { PartnershipActor } from '../../plugins/auth.js';

type Db = Kysely<Database>;

export type LearningTheme = LearningThemeTable;
export type ThemeChange = { ok: true; theme: LearningTheme } | { ok: false; error: string };

/**
 * Gives a partnership the common themes for its kind (children, adults or both) if it has none yet.
 * Called when a partnership is created, inside that transaction; a migration did the same once for the
 * partnerships that existed before. Safe to call twice at once on either database: the insert skips
 * labels that are already there. Pages that read themes never call it.
 */
export async function ensureThemes(
  db: Db | Transaction<Database>,
  organisationId: string,
  kind: PartnershipKind = 'children',
  now = new Date(),
): Promise<void> {
  if ((await repo.countThemes(db, organisationId)) > 0) return;
  const at = now.toISOString();
  await repo.insertThemesIfAbsent(
    db,
    themesForKind(kind).map((label, i) => ({
      id: newId(now.getTime()),
      organisation_id: organisationId,
      label,
      position: i + 1,
      archived_at: null,
      created_at: at,
    })),
  );
}

/** Every theme of the partnership, archived ones too (they stay on the findings that use them). Reads only. */
export async function listThemes(db: Db, organisationId: string): Promise<LearningTheme[]> {
  return repo.listThemes(db, organisationId);
}

function requireAdmin(actor: PartnershipActor) {
  if (actor.partnershipRole !== 'admin') throw new HttpError(403, 'Only partnership admins change learning themes');
}

export async function getTheme(db: Db, actor: PartnershipActor, id: string): Promise<LearningTheme> {
  requireAdmin(actor);
  const theme = await repo.findTheme(db, actor.organisationId, id);
  if (!theme) throw new NotFoundError();
  return theme;
}

async function clash(db: Db, organisationId: string, label: string, exceptId?: string) {
  const lower = label.toLowerCase();
  return (await repo.listThemes(db, organisationId)).some((t) => t.id !== exceptId && t.label.toLowerCase() === lower);
}

export async function addTheme(db: Db, actor: PartnershipActor, label: string, now = new Date()): Promise<ThemeChange> {
  requireAdmin(actor);
  if (await clash(db, actor.organisationId, label))
    return { ok: false, error: `There is already a theme called ${label}` };
  const theme: LearningTheme = {
    id: newId(now.getTime()),
    organisation_id: actor.organisationId,
    label,
    position: await repo.nextPosition(db, actor.organisationId),
    archived_at: null,
    created_at: now.toISOString(),
  };
  await db.transaction().execute(async (trx) => {
    await repo.insertThemesIfAbsent(trx, [theme]);
    await recordAudit(trx, actor, { action: 'theme.added', objectType: 'learning_theme', objectId: theme.id }, now);
  });
  return { ok: true, theme };
}

export async function renameTheme(
  db: Db,
  actor: PartnershipActor,
  id: string,
  label: string,
  now = new Date(),
): Promise<ThemeChange> {
  const theme = await getTheme(db, actor, id);
  if (await clash(db, actor.organisationId, label, id)) {
    return { ok: false, error: `There is already a theme called ${label}` };
  }
  await db.transaction().execute(async (trx) => {
    await repo.updateTheme(trx, actor.organisationId, id, { label });
    await recordAudit(trx, actor, { action: 'theme.renamed', objectType: 'learning_theme', objectId: id }, now);
  });
  return { ok: true, theme: { ...theme, label } };
}

/** Archived themes are no longer offered for new findings; findings that have one keep it. */
export async function setThemeArchived(
  db: Db,
  actor: PartnershipActor,
  id: string,
  archived: boolean,
  now = new Date(),
): Promise<LearningTheme> {
  const theme = await getTheme(db, actor, id);
  const archived_at = archived ? (theme.archived_at ?? now.toISOString()) : null;
  await db.transaction().execute(async (trx) => {
    await repo.updateTheme(trx, actor.organisationId, id, { archived_at });
    await recordAudit(
      trx,
      actor,
      { action: archived ? 'theme.archived' : 'theme.restored', objectType: 'learning_theme', objectId: id },
      now,
    );
  });
  return { ...theme, archived_at };
}
