// Checks framework files: schema, content rules for built-in frameworks, and our-own-words.
// Usage: npx tsx scripts/check-framework.ts frameworks/*.yaml
import { readFileSync } from 'node:fs';
import { parseFrameworkText } from '../src/features/frameworks/framework.parse.js';
import { contentProblems } from '../src/features/frameworks/framework.content-rules.js';
import { publishedMatches } from '../src/features/frameworks/own-words.js';
import { compareVersions } from '../src/features/frameworks/framework.version.js';

// Older versions of a framework (scr-quality-markers@1.0.0.yaml) stay as they shipped: they are checked
// for schema and own words, and the rules added since (such as every question's origin) apply only to
// the newest version of each key.
const files = process.argv.slice(2).map((file) => {
  const text = readFileSync(file, 'utf8');
  return { file, text, parsed: parseFrameworkText(text) };
});
const newest = new Map<string, string>();
for (const { parsed } of files) {
  if (!parsed.ok) continue;
  const { key, version } = parsed.framework;
  const seen = newest.get(key);
  if (!seen || compareVersions(version, seen) > 0) newest.set(key, version);
}

let failed = false;
for (const { file, text, parsed } of files) {
  if (!parsed.ok) {
    failed = true;
    for (const p of parsed.problems)
      console.log(`${file}:${p.line ?? '?'}:${p.column ?? '?'} ${p.field}: ${p.message}`);
    continue;
  }
  const isNewest = newest.get(parsed.framework.key) === parsed.framework.version;
  const problems = [
    ...contentProblems(parsed.framework, { requireOrigin: isNewest }),
    ...publishedMatches(text).map((g) => `copies published wording: '${g}'`),
  ];
  for (const p of problems) console.log(`${file}: ${p}`);
  if (problems.length) failed = true;
  else {
    const markers = parsed.framework.stages.flatMap((s) => s.markers);
    console.log(
      `${file}: ok (version ${parsed.framework.version}${isNewest ? '' : ', older'}, ${markers.length} markers, ${markers.reduce((n, m) => n + m.questions.length, 0)} questions)`,
    );
  }
}
process.exit(failed ? 1 : 0);
