import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { paths } from '../../lib/paths.js';
import { contentProblems } from './framework.content-rules.js';
import { loadFrameworkFiles } from './framework.load.js';
import { hashGram, publishedMatches } from './own-words.js';

const frameworks = loadFrameworkFiles(paths.frameworks);
const byKey = (key: string) => {
  const fw = frameworks.find((f) => f.key === key);
  if (!fw) throw new Error(`missing ${key}`);
  return fw;
};
const outline = (key: string) =>
  byKey(key).stages.map((s) => ({ stage: s.title, markers: s.markers.map((m) => `${m.number} ${m.title}`) }));

describe('built-in frameworks', () => {
  it('SCR: the 18 markers in their published order, stages and titles', () => {
    expect(outline('scr-quality-markers')).toEqual([
      {
        stage: 'Review set-up',
        markers: [
          '1 Referral',
          '2 Decision making',
          '3 Advising board members',
          '4 Informing the family',
          '5 Clarity of purpose',
        ],
      },
      {
        stage: 'Running the review',
        markers: [
          '6 Commissioning',
          '7 Governance',
          '8 SCR management',
          '9 Parallel processes',
          '10 Assembling information',
          '11 Practitioner involvement',
          '12 Family involvement',
          '13 Analysis',
        ],
      },
      {
        stage: 'Review outputs',
        markers: [
          '14 Report',
          '15 Improvement action',
          '16 Board written response',
          '17 Publication',
          '18 Implementation and evaluation',
        ],
      },
    ]);
    expect(byKey('scr-quality-markers').source.name).toMatch(/NSPCC\/SCIE \(2016\) Serious case review quality markers/);
  });

  it('SAR: the 15 markers in their three stages', () => {
    const o = outline('sar-quality-markers');
    expect(o.map((s) => s.stage)).toEqual(['Setting up the review', 'Running the review', 'Output, action, impact']);
    expect(o.map((s) => s.markers.length)).toEqual([5, 7, 3]);
    expect(byKey('sar-quality-markers').audiences.map((a) => a.key)).toEqual([
      'board',
      'subgroup',
      'reviewers',
      'business-managers',
    ]);
  });

  it.each(frameworks.map((f) => [f.key, f] as const))(
    '%s: every marker has a statement, rationale and 4–10 questions for named audiences',
    (_key, fw) => {
      expect(contentProblems(fw)).toEqual([]);
      for (const m of fw.stages.flatMap((s) => s.markers)) {
        expect(m.questions.length).toBeGreaterThanOrEqual(4);
        expect(m.questions.length).toBeLessThanOrEqual(10);
        expect(new Set(m.questions.map((q) => q.key)).size).toBe(m.questions.length);
        for (const q of m.questions) expect(q.audiences.length).toBeGreaterThan(0);
      }
    },
  );

  it('keys are stable slugs, unique within their framework', () => {
    for (const fw of frameworks) {
      const keys = fw.stages.flatMap((s) => s.markers.map((m) => m.key));
      expect(new Set(keys).size).toBe(keys.length);
    }
    expect(byKey('scr-quality-markers').stages[1]?.markers.map((m) => m.key)).toContain('family-involvement');
  });

  it.each(['scr-quality-markers.yaml', 'sar-quality-markers.yaml'])(
    '%s is in our own words: no eight-word run matches the published text',
    (file) => {
      expect(publishedMatches(readFileSync(join(paths.frameworks, file), 'utf8'))).toEqual([]);
    },
  );

  it('the own-words check finds a copied run, ignoring case, punctuation and curly quotes', () => {
    const known = new Set([hashGram('panel s view was shared with every agency')]);
    const text = 'Before that, The Panel’s view — was shared with every agency involved.';
    expect(publishedMatches(text, known)).toEqual(['panel s view was shared with every agency']);
    expect(publishedMatches('The panel view was shared with each agency', known)).toEqual([]);
  });
});
