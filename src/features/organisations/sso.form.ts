import { field, type FormResult } from '../../lib/forms.js';

/** The partnership someone wants to sign in to with their organisation's account. */
export function parseSsoStart(body: unknown, slugs: string[]): FormResult<{ partnership: string }, 'partnership'> {
  const partnership = field(body, 'partnership');
  return {
    values: { partnership },
    errors: slugs.includes(partnership) ? {} : { partnership: 'Select your partnership' },
  };
}
