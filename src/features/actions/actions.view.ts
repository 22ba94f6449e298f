/** What the action pages show: labels, and dates in words. Pure. */
import { formatDate, formatDateTime } from '../../lib/uk-time.js';
import { ACTION_KINDS, ACTION_STATUSES, RAG_TAGS, RAGS } from './actions.options.js';
import type { Action } from './actions.model.js';

export const LABELS = { kinds: ACTION_KINDS, statuses: ACTION_STATUSES, rags: RAGS, ragTags: RAG_TAGS };

/** An action for display: its due date and completion in words. */
export function present<T extends Action>(a: T) {
  return {
    ...a,
    dueText: a.due_date ? formatDate(a.due_date) : null,
    completedText: a.completed_at ? formatDateTime(a.completed_at) : null,
    updatedText: formatDateTime(a.updated_at),
  };
}
