import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * Hashes (first 16 hex chars of SHA-256) of every eight-word sequence in the published marker
 * wording. Our framework text must contain none of them: it is written in our own words.
 */
const HASHES_FILE = fileURLToPath(new URL('../../../test/fixtures/published-8grams.sha', import.meta.url));

let published: Set<string> | undefined;

export function hashGram(gram: string): string {
  return createHash('sha256').update(gram).digest('hex').slice(0, 16);
}

/** The eight-word runs of `text` whose hash is known (by default, the published marker wording). */
export function publishedMatches(text: string, known?: ReadonlySet<string>): string[] {
  known ??= published ??= new Set(readFileSync(HASHES_FILE, 'utf8').split(/\s+/).filter(Boolean));
  const words = text
    .toLowerCase()
    .replace(/\u2019/g, "'")
    .replace(/[^a-z0-9]+/g, ' ')
    .split(' ')
    .filter(Boolean);
  const hits: string[] = [];
  for (let i = 0; i + 8 <= words.length; i++) {
    const gram = words.slice(i, i + 8).join(' ');
    if (known.has(hashGram(gram))) hits.push(gram);
  }
  return hits;
}
