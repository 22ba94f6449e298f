// Checks framework files: schema, content rules for built-in frameworks, and our-own-words.
// Usage: npx tsx scripts/check-framework.ts frameworks/*.yaml
import { readFileSync } from 'node:fs';
import { parseFrameworkText } from '../src/features/frameworks/framework.parse.js';
import { contentProblems } from '../src/features/frameworks/framework.content-rules.js';
import { publishedMatches } from '../src/features/frameworks/own-words.js';

let failed = false;
for (const file of process.argv.slice(2)) {
  const text = readFileSync(file, 'utf8');
  const parsed = parseFrameworkText(text);
  if (!parsed.ok) {
    failed = true;
    for (const p of parsed.problems)
      console.log(`${file}:${p.line ?? '?'}:${p.column ?? '?'} ${p.field}: ${p.message}`);
    continue;
  }
  const problems = [
    ...contentProblems(parsed.framework),
    ...publishedMatches(text).map((g) => `copies published wording: '${g}'`),
  ];
  for (const p of problems) console.log(`${file}: ${p}`);
  if (problems.length) failed = true;
  else {
    const markers = parsed.framework.stages.flatMap((s) => s.markers);
    console.log(
      `${file}: ok (${markers.length} markers, ${markers.reduce((n, m) => n + m.questions.length, 0)} questions)`,
    );
  }
}
process.exit(failed ? 1 : 0);
