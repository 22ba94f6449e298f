import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { paths } from '../../lib/paths.js';
import { contentProblems } from './framework.content-rules.js';
import { loadFrameworkFiles } from './framework.load.js';
import { hashGram, publishedMatches } from './own-words.js';

const files = loadFrameworkFiles(paths.frameworks);
/** The current version of each built-in framework (files come newest first within their key). */
const frameworks = files.filter((f, i) => files.findIndex((g) => g.key === f.key) === i);
const older = files.filter((f) => !frameworks.includes(f));
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
    expect(byKey('scr-quality-markers').source.name).toMatch(
      /NSPCC\/SCIE \(2016\) Serious case review quality markers/,
    );
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

  it('older versions still load unchanged beside the current ones, which are 1.1.0', () => {
    expect(frameworks.map((f) => `${f.key}@${f.version}`)).toEqual([
      'sar-quality-markers@1.1.0',
      'scr-quality-markers@1.1.0',
    ]);
    expect(older.map((f) => `${f.key}@${f.version}`)).toEqual([
      'sar-quality-markers@1.0.0',
      'scr-quality-markers@1.0.0',
    ]);
    for (const fw of older) expect(contentProblems(fw, { requireOrigin: false })).toEqual([]);
  });

  it('every question says where it comes from, in proportions close to the expert review', () => {
    const counts = (key: string) => {
      const c: Record<string, number> = {};
      for (const q of byKey(key).stages.flatMap((s) => s.markers.flatMap((m) => m.questions))) {
        c[q.origin ?? 'none'] = (c[q.origin ?? 'none'] ?? 0) + 1;
      }
      return c;
    };
    expect(counts('scr-quality-markers')).toEqual({ published: 67, adapted: 64, added: 16 });
    expect(counts('sar-quality-markers')).toEqual({ published: 58, adapted: 72, added: 14 });
    const sar10 = byKey('sar-quality-markers').stages[1]!.markers.find((m) => m.key === 'practitioners-involvement')!;
    expect(sar10.questions.find((q) => q.key === 'agencies-encourage')).toMatchObject({
      origin: 'published',
      audiences: ['reviewers'],
    });
  });

  it('a built-in framework missing an origin fails the content rules; an older version is let off', () => {
    const fw = structuredClone(byKey('scr-quality-markers'));
    delete fw.stages[0]!.markers[0]!.questions[0]!.origin;
    expect(contentProblems(fw)).toEqual([
      "Question 'referral/reason-is-clear' has no origin: say published, adapted or added",
    ]);
    expect(contentProblems(fw, { requireOrigin: false })).toEqual([]);
  });

  it('states the law in England as it stands (issue 16)', () => {
    const scr = readFileSync(join(paths.frameworks, 'scr-quality-markers.yaml'), 'utf8');
    const sar = readFileSync(join(paths.frameworks, 'sar-quality-markers.yaml'), 'utf8');
    const sar1 = byKey('sar-quality-markers').stages[0]!.markers[0]!;
    expect(sar1.rationale).toMatch(/knows or suspects that the death resulted from abuse or neglect/);
    // The duty to notify is the local authority's; the five working days are Working Together's, not the Act's.
    expect(scr).not.toMatch(/five working days of learning of a serious incident \(Children Act/);
    expect(scr).toMatch(/the duty to notify the Child Safeguarding Practice Review Panel on the local authority/);
    expect(scr).toMatch(/regulation 11/);
    expect(scr).not.toMatch(/response and action plan, published with the review/);
    expect(scr).toMatch(/NSPCC national case review repository/);
    expect(sar).toMatch(/national\s+SAR library/);
    expect(byKey('scr-quality-markers').audiences[0]?.label).toBe(
      'Lead and delegated safeguarding partners, and the partnership chair',
    );
    for (const fw of frameworks) {
      expect(fw.summary).toMatch(/law and guidance in England/);
      expect(fw.source.note).toMatch(/Single Unified Safeguarding Review/);
    }
    expect(byKey('scr-quality-markers').source.note).toMatch(
      /audience tags on our questions are the Quality\s+Markers project's own/,
    );
  });

  it('keys are stable slugs, unique within their framework', () => {
    for (const fw of frameworks) {
      const keys = fw.stages.flatMap((s) => s.markers.map((m) => m.key));
      expect(new Set(keys).size).toBe(keys.length);
    }
    expect(byKey('scr-quality-markers').stages[1]?.markers.map((m) => m.key)).toContain('family-involvement');
  });

  it.each([
    'scr-quality-markers.yaml',
    'sar-quality-markers.yaml',
    'scr-quality-markers@1.0.0.yaml',
    'sar-quality-markers@1.0.0.yaml',
  ])('%s is in our own words: no eight-word run matches the published text', (file) => {
    expect(publishedMatches(readFileSync(join(paths.frameworks, file), 'utf8'))).toEqual([]);
  });

  it('the own-words check finds a copied run, ignoring case, punctuation and curly quotes', () => {
    const known = new Set([hashGram('panel s view was shared with every agency')]);
    const text = 'Before that, The Panel’s view — was shared with every agency involved.';
    expect(publishedMatches(text, known)).toEqual(['panel s view was shared with every agency']);
    expect(publishedMatches('The panel view was shared with each agency', known)).toEqual([]);
  });
});
