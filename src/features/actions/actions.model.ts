/** An action as the pages and other features read it: agencies as a list, overdue worked out. */
import type { ActionStatus, ActionTable } from '../../db/schema.js';
import { CLOSED_STATUSES } from './actions.options.js';
import { decodeAgencies } from './agencies.js';

export interface Action extends Omit<ActionTable, 'agencies'> {
  agencies: string[];
  reviewReference?: string;
}

/** How a list is narrowed (all optional): every one of them must hold. */
export interface ActionFilter {
  agency?: string;
  status?: ActionStatus;
  owner?: string;
  /** ISO date: due before it */
  dueBefore?: string;
  overdue?: boolean;
}

export function toAction(row: ActionTable & { review_reference?: string }): Action {
  const { review_reference, ...rest } = row;
  return {
    ...rest,
    number: Number(rest.number),
    version: Number(rest.version),
    agencies: decodeAgencies(rest.agencies),
    ...(review_reference ? { reviewReference: review_reference } : {}),
  };
}

/** Past its due date (a UK calendar date) and not finished. */
export function isOverdue(action: Pick<ActionTable, 'due_date' | 'status'>, today: string): boolean {
  return Boolean(action.due_date && action.due_date < today && !CLOSED_STATUSES.includes(action.status));
}

// "LCSPR 2026/9" before "LCSPR 2026/10", the same on every database (their text collations differ).
const references = new Intl.Collator('en-GB', { numeric: true, sensitivity: 'base' });

/** Review references in the order a person reads them, for lists of actions across reviews. */
export const compareReferences = (a: string, b: string) => references.compare(a, b);

/** The owners and agencies to filter by, from the owner names and stored agency lists in use. */
export function filterChoicesOf(ownerNames: string[], agencyLists: string[]) {
  const sorted = (s: Set<string>) => [...s].sort((a, b) => a.localeCompare(b, 'en-GB'));
  return {
    owners: sorted(new Set(ownerNames.filter(Boolean))),
    agencies: sorted(new Set(agencyLists.flatMap(decodeAgencies))),
  };
}

/** completed_at follows the status: set when it becomes completed, cleared when it stops being. */
export function completedAt(status: ActionStatus, before: string | null, now: string): string | null {
  if (status !== 'completed') return null;
  return before ?? now;
}
