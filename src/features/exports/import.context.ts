/** Ids and people for an import: a new id for each record of the file, and the partnership's people by name. */
import type { Insertable } from 'kysely';
import type { Database, ReviewRole } from '../../db/schema.js';
import { newId } from '../../lib/ids.js';
import type { ReviewExport } from './review-export.schema.js';
import type { StatutoryPlan } from './review-export.statutory.js';

export interface Person {
  id: string;
  name: string;
  email: string;
}

export class ImportContext {
  readonly at: string;
  readonly stamp: number;
  /** Names in the file that match nobody in the partnership */
  readonly unknown = new Set<string>();
  /** Each record's parent ids (by its id in the file), put back into its earlier versions */
  readonly parents = new Map<string, Record<string, string | null>>();
  private readonly ids = new Map<string, string>();
  private readonly byName = new Map<string, string>();
  private readonly byEmail = new Map<string, string>();

  constructor(
    readonly org: string,
    people: Person[],
    now: Date,
  ) {
    this.at = now.toISOString();
    this.stamp = now.getTime();
    for (const p of people) {
      if (!this.byName.has(p.name)) this.byName.set(p.name, p.id);
      this.byEmail.set(p.email.toLowerCase(), p.id);
    }
  }

  /** The new id of a record, by its id in the file. */
  idFor = (old: string): string => {
    let id = this.ids.get(old);
    if (!id) this.ids.set(old, (id = newId(this.stamp)));
    return id;
  };

  /** An id for a record the file gives none of its own. */
  newRecordId = (): string => newId(this.stamp);

  mapped = (old: string | null): string | null => (old === null ? null : this.idFor(old));

  /** The account of a person named in the file, or null (and the name is reported). */
  who = (name: string | null): string | null => {
    if (!name) return null;
    const id = this.byName.get(name);
    if (!id) this.unknown.add(name);
    return id ?? null;
  };

  /** A team member's account: by email, else by name; undefined when the partnership has nobody. */
  member(email: string | null, name: string): string | undefined {
    return (email ? this.byEmail.get(email.toLowerCase()) : undefined) ?? this.byName.get(name);
  }
}

type Rows = { [T in keyof Database]: Insertable<Database[T]>[] };

export interface ImportPlan {
  reviewId: string;
  rows: Pick<
    Rows,
    | 'review'
    | 'review_member'
    | 'review_scope'
    | 'review_clock_change'
    | 'review_reviewer_named'
    | 'assessment_round'
    | 'marker_record'
    | 'question_response'
    | 'evidence'
    | 'comment'
    | 'learning_theme'
    | 'finding'
    | 'finding_marker'
    | 'finding_theme'
    | 'action'
    | 'action_progress'
    | 'written_response'
    | 'written_response_action'
    | 'revision'
  >;
  /** The origin as a converted referral, the status moves and the publication record */
  statutory: StatutoryPlan;
  droppedTeamMembers: ReviewExport['team'];
  unknownPeople: string[];
  /** Set when the person importing was put on the team so that it keeps a lead (and they can see it) */
  importerAddedAs: ReviewRole | null;
}
