import type { TextChange } from './framework.diff.types.js';

/** The two comparisons every part of a framework diff uses: which fields changed, and which keys kept their order. */

export function textChanges(
  pairs: [string, string | undefined, string | undefined][],
  out: TextChange[],
): TextChange[] {
  for (const [field, from, to] of pairs) {
    if ((from ?? '') !== (to ?? '')) out.push({ field, from: from ?? '', to: to ?? '' });
  }
  return out;
}

/** The keys of the longest common subsequence of two key lists: those that kept their relative order. */
export function keptInOrder(a: readonly string[], b: readonly string[]): Set<string> {
  const n = a.length;
  const m = b.length;
  const table: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      table[i]![j] = a[i] === b[j] ? table[i + 1]![j + 1]! + 1 : Math.max(table[i + 1]![j]!, table[i]![j + 1]!);
    }
  }
  const kept = new Set<string>();
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      kept.add(a[i]!);
      i++;
      j++;
    } else if (table[i + 1]![j]! >= table[i]![j + 1]!) i++;
    else j++;
  }
  return kept;
}
