import type { FrameworkFile } from './framework.schema.js';

/**
 * Editorial rules for the built-in frameworks, stricter than what an import must meet:
 * every marker has a statement, a rationale and 4 to 10 questions, each for at least one audience,
 * and (in the current version of each) every question says where it comes from.
 * Older versions stay as they shipped, so `requireOrigin: false` checks them without that rule.
 */
export function contentProblems(fw: FrameworkFile, { requireOrigin = true } = {}): string[] {
  const problems: string[] = [];
  for (const stage of fw.stages) {
    for (const m of stage.markers) {
      if (m.questions.length < 4 || m.questions.length > 10) {
        problems.push(`Marker '${m.key}' has ${m.questions.length} questions; built-in markers have 4 to 10`);
      }
      for (const q of m.questions) {
        if (!/[?]$/.test(q.text.trim())) problems.push(`Question '${m.key}/${q.key}' should end with a question mark`);
        if (requireOrigin && !q.origin) {
          problems.push(`Question '${m.key}/${q.key}' has no origin: say published, adapted or added`);
        }
      }
      if (m.statement.length < 40) problems.push(`Marker '${m.key}' statement is too short to be useful`);
      if (m.rationale.length < 150) problems.push(`Marker '${m.key}' rationale is too short to be useful`);
    }
  }
  return problems;
}
