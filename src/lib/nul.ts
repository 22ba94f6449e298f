const NUL = '\u0000';

/**
 * Where the first NUL character (U+0000) is in a parsed value, as the keys leading to it ([] for the
 * value itself, or the object whose key holds one), or undefined when there is none. Strings, array items,
 * object keys and values are looked at; bytes (an uploaded file's contents) are not text and are left to
 * whoever reads them. Walked with a stack, not recursion, so deeply nested JSON cannot overflow the stack.
 *
 * PostgreSQL cannot store a NUL in a text column, and on SQLite a stored one makes the review's export
 * impossible to import again: text with one is refused wherever text comes in.
 */
export function nulAt(root: unknown): (string | number)[] | undefined {
  // Each entry links to its parent's place rather than copying the path: deep nesting stays linear.
  type Place = { key: string | number; parent: Place | undefined } | undefined;
  const keys = (place: Place) => {
    const path: (string | number)[] = [];
    for (let p = place; p; p = p.parent) path.push(p.key);
    return path.reverse();
  };
  const stack: [unknown, Place][] = [[root, undefined]];
  while (stack.length > 0) {
    const [value, place] = stack.pop()!;
    if (typeof value === 'string') {
      if (value.includes(NUL)) return keys(place);
    } else if (Array.isArray(value)) {
      value.forEach((item, i) => stack.push([item, { key: i, parent: place }]));
    } else if (value !== null && typeof value === 'object' && !ArrayBuffer.isView(value)) {
      for (const [key, item] of Object.entries(value)) {
        if (key.includes(NUL)) return keys(place);
        stack.push([item, { key, parent: place }]);
      }
    }
  }
  return undefined;
}
