import { isUniqueViolation } from '../../db/unique-violation.js';

/**
 * Findings and actions are numbered within their review. Two people adding one at the same moment can
 * both read the same "next number"; the unique constraint refuses the second, which then tries again
 * with a fresh number. Any other error is passed on.
 */
export async function withFreshNumber<T>(attempt: () => Promise<T>, tries = 5): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await attempt();
    } catch (err) {
      if (i >= tries || !isUniqueViolation(err)) throw err;
    }
  }
}
