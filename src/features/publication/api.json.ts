import type { ReviewType } from '../../db/schema.js';
import { copiesCheck } from './publication.rules.js';
import type { PublicationRecord } from './publication.service.js';

/** A review's publication record as the API answers it (api.schemas.ts publicationSchema). */
export function publicationJson(id: string, type: ReviewType, r: PublicationRecord) {
  const { events, version, updatedAt, ...fields } = r;
  return {
    reviewId: id,
    ...fields,
    copiesCheck: copiesCheck(type, r)?.status ?? null,
    events: events.map((e) => ({ id: e.id, heldOn: e.heldOn, description: e.description })),
    version,
    updatedAt,
  };
}
