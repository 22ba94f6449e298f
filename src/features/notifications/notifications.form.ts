import { NOTIFICATION_KINDS, type NotificationKind } from './notifications.service.js';

/** The kinds ticked on the form; anything else sent is ignored (nothing ticked turns every kind off). */
export function parseKindsOn(body: unknown): NotificationKind[] {
  if (!body || typeof body !== 'object') return [];
  const value = (body as Record<string, unknown>).kinds;
  const ticked = new Set([value].flat().filter((v): v is string => typeof v === 'string'));
  return NOTIFICATION_KINDS.filter((k) => ticked.has(k));
}
