import { SIGNED_IN } from './expectations.js';
import type { MatrixEntry } from './types.js';

/** Learning across reviews (features/learning): read-only, each person's own reviews and partnerships. */
export const LEARNING_ROUTES: readonly MatrixEntry[] = [
  { method: 'GET', path: '/learning', expect: SIGNED_IN, note: 'the reviews each person may see in their partnership' },
  { method: 'GET', path: '/learning/region', expect: SIGNED_IN, note: 'each person’s own partnerships' },
  { method: 'GET', path: '/api/v1/learning/markers', expect: [401, 200, 200, 200, 200] },
  { method: 'GET', path: '/api/v1/learning/themes', expect: [401, 200, 200, 200, 200] },
];
