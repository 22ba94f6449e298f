import { z } from 'zod';
import { date, id, key, LONG, person, positive, str, timestamp } from './review-export.fields.js';

/** Findings, actions and the written response in the review export. */

export const findingPart = z.strictObject({
  id,
  kind: z.enum(['finding', 'recommendation']),
  number: positive,
  text: str(LONG),
  markerKeys: z.array(key).max(100),
  themes: z.array(str(200)).max(100).describe('Learning themes, by label'),
  version: positive,
  createdAt: timestamp,
  createdBy: person,
  updatedAt: timestamp,
  updatedBy: person,
});

export const actionPart = z.strictObject({
  id,
  kind: z.enum(['review-task', 'improvement']),
  number: positive,
  findingId: id.nullable().describe('The id of the finding it comes from'),
  markerKey: key.nullable(),
  title: str(500),
  description: str(LONG),
  owner: person.describe('The owner’s account, by name'),
  ownerName: str(300).describe('Who owns it, as people know them (a person or a post)'),
  agencies: z.array(str(300)).max(100),
  dueDate: date,
  status: z.enum(['not-started', 'in-progress', 'completed', 'cancelled']),
  rag: z.enum(['red', 'amber', 'green']).nullable(),
  supportingEvidence: str(LONG),
  criticalFriendComment: str(LONG),
  impactWhatChanged: str(LONG),
  impactHowWeKnow: str(LONG),
  completedAt: timestamp.nullable(),
  version: positive,
  createdAt: timestamp,
  createdBy: person,
  updatedAt: timestamp,
  updatedBy: person,
  progress: z.array(z.strictObject({ id, note: str(LONG), createdAt: timestamp, createdBy: person })).max(5000),
});

export const writtenResponsePart = z.strictObject({
  id,
  text: str(LONG * 5),
  status: z.enum(['draft', 'agreed']),
  agreedAt: timestamp.nullable(),
  agreedBy: person,
  version: positive,
  updatedAt: timestamp,
  updatedBy: person,
  actionIds: z.array(id).max(5000).describe('The actions the response commits to'),
});
