import { describe, expect, it } from 'vitest';
import type { ApiError } from '../../../test/helpers/api-json.js';
import type { Client } from '../../../test/helpers/client.js';
import { readPage } from '../../../test/helpers/html.js';
import { K1, K2, S1, learningTests } from './learning.fixture.js';

// Every figure here is counted by hand from the world described at the top of learning.fixture.ts.
const w = learningTests();

const SAR = 'Safeguarding Adult Review Quality Markers';
const SCR = 'Serious Case Review Quality Markers';
const squash = (s: string) => s.replace(/\s+/g, ' ').trim();
async function page(client: Client, url: string, status = 200) {
  const res = await client.get(url);
  expect(res.statusCode, url).toBe(status);
  return readPage(res.body);
}
const rows = (p: ReturnType<typeof readPage>, selector: string) =>
  p.root.querySelectorAll(`${selector} tbody tr`).map((tr) => tr.querySelectorAll('th, td').map((c) => squash(c.text)));
/** The matrix's rows: review reference and the judgement in each marker's column. */
const matrix = (p: ReturnType<typeof readPage>, n: number) =>
  p.root.querySelectorAll(`#matrix-${n} tbody tr`).map((tr) => {
    const [head, ...cells] = tr.querySelectorAll('th, td');
    return [
      head!.querySelector('a')!.text,
      ...cells.map((c) => squash(c.querySelector('a')?.childNodes[0]?.text ?? '-')),
    ];
  });

interface MarkersAnswer {
  reviews: number;
  markers: { key: string; framework: string; title: string; counts: Record<string, number> }[];
}

describe('the learning dashboard', () => {
  it('counts only the reviews the person may see, from the latest approved round of each', async () => {
    const p = await page(w.member, '/learning');
    expect(p.h1).toBe('Learning across reviews');
    expect(p.all('h3[id^="framework-"]')).toEqual([`${SAR}: 1 review`, `${SCR}: 2 reviews`]);
    const sentences = p.all('.app-learning-sentences li');
    expect(sentences).toContain(`${K1.title}: partly or not met in 2 of 2 reviews`);
    expect(sentences).toContain(`${K2.title}: partly or not met in 1 of 2 reviews`);
    expect(sentences).toContain(`${S1.title}: partly or not met in 1 of 1 review`);
    // R4 (not on the member's team) and partnership B's reviews are in no row.
    expect(matrix(p, 2)).toEqual([
      ['R1', 'Not met', 'Met', ...Array<string>(16).fill('-')],
      ['R2', 'Partly met', 'Not met', ...Array<string>(16).fill('-')],
    ]);
    expect(matrix(p, 1)[0]!.slice(0, 2)).toEqual(['R3', 'Not met']);
    const cell = p.root.querySelector('#matrix-2 tbody tr td a')!;
    expect(cell.getAttribute('href')).toBe(`/reviews/${w.reviews.R1.id}/rounds/${w.rounds.R1a}/markers/${K1.key}`);
    expect(p.text('body')).not.toContain('R4');
    // The same counts as the chart's table.
    expect(rows(p, '#chart-markers-2-table')[0]).toEqual([`${K1.number}. ${K1.title}`, '0', '1', '1', '0', '0', '2']);

    expect(rows(p, '#themes-table')).toEqual([
      ['Neglect', '2025', '2', '2', '1', '3', '1', '1', '2', '1'],
      ['Neglect', '2026', '1', '1', '0', '0', '0', '0', '0', '0'],
    ]);
    expect(p.all('#recurring-themes li')).toEqual(['Neglect: 3 reviews in 2025 to 2026']);
    expect(rows(p, '#chart-timeliness-table')).toEqual([
      ['Local child safeguarding practice review, 2025', '2', '1', '1', '1', '5'],
      ['Safeguarding adult review, 2024', '1', '0', '0', '0', '1'],
      ['Total', '3', '1', '1', '1', '6'],
    ]);
    expect(p.all('#action-figures .govuk-summary-list__value')).toEqual(['1', '1', '2', '1', '1']);
    expect(p.root.querySelector('a[href="/learning/region"]')).not.toBeNull();
    expect(p.root.querySelector('a[href="/learning/annual-report"]')).not.toBeNull();
  });

  it('counts every review of the partnership for its admins, and nothing of another partnership', async () => {
    const p = await page(w.admin, '/learning');
    expect(p.all('.app-learning-sentences li')).toContain(`${K1.title}: partly or not met in 3 of 3 reviews`);
    expect(matrix(p, 2).map((r) => r[0])).toEqual(['R1', 'R2', 'R4']);
    expect(p.all('#action-figures .govuk-summary-list__value')).toEqual(['2', '2', '2', '1', '1']);
    expect(p.root.querySelector('a[href="/learning/region"]')).toBeNull();

    const foreign = await page(w.foreign, '/learning');
    expect(matrix(foreign, 1).map((r) => r[0])).toEqual(['B1', 'B2']);
    expect(foreign.text('main')).not.toMatch(/\bR[1-4]\b/);
  });

  it('counts rounds of one purpose, the latest such round of each review', async () => {
    const planning = await page(w.member, '/learning?round=planning');
    expect(planning.root.querySelector('#round-2')?.getAttribute('checked')).toBeDefined();
    expect(matrix(planning, 1)).toEqual([
      ['R1', 'Not met', 'Met', ...Array<string>(16).fill('-')],
      ['R2', 'Met', 'Met', ...Array<string>(16).fill('-')],
    ]);
    expect(planning.all('.app-learning-sentences li')).toContain(`${K1.title}: partly or not met in 1 of 2 reviews`);
    const inReview = await page(w.member, '/learning?round=in-review');
    expect(inReview.all('h3[id^="framework-"]')).toEqual([`${SAR}: 1 review`, `${SCR}: 1 review`]);
    const r1 = inReview.root.querySelector('#matrix-2 tbody tr td a')!;
    expect(r1.getAttribute('href')).toContain(w.rounds.R1b!);
  });

  it('filters by type, year of decision, year of publication, framework and status', async () => {
    const refs = async (query: string) => {
      const p = await page(w.member, `/learning?${query}`);
      return p.root.querySelectorAll('table[id^="matrix-"] tbody tr th a').map((a) => a.text);
    };
    expect(await refs('type=sar')).toEqual(['R3']);
    expect(await refs('decided=2025')).toEqual(['R1', 'R2']);
    expect(await refs('published=2026')).toEqual(['R1']);
    expect(await refs('framework=scr-quality-markers')).toEqual(['R1', 'R2']);
    expect(await refs('status=complete')).toEqual(['R1']);
    expect(await refs('type=sar&decided=2025')).toEqual([]);
  });

  it('says what is wrong with a year, keeps it, and ignores values that are not on the form', async () => {
    const p = await page(w.member, '/learning?decided=20x5&type=nonsense&round=later&page=-3', 400);
    expect(p.title).toMatch(/^Error: Learning across reviews/);
    expect(p.errorLinks).toEqual([
      { text: 'Year of the decision must be a year in 4 digits, like 2025', href: '#decided' },
    ]);
    expect(p.root.querySelector('#decided')?.getAttribute('value')).toBe('20x5');
    expect(matrix(p, 2).map((r) => r[0])).toEqual(['R1', 'R2']);
    await page(w.member, '/learning?page=999999999999&framework=%3Cscript%3E');
  });
});

describe('the learning API', () => {
  it('answers the marker counts in the documented shape, with the same choices as the page', async () => {
    const res = await w.member.get('/api/v1/learning/markers');
    expect(res.statusCode).toBe(200);
    const body = res.json<MarkersAnswer>();
    expect(body.reviews).toBe(3);
    expect(body.markers).toHaveLength(18 + 15);
    expect(body.markers.find((m) => m.key === K1.key && m.framework === 'scr-quality-markers')).toEqual({
      key: K1.key,
      framework: 'scr-quality-markers',
      title: K1.title,
      counts: { met: 0, 'partly-met': 1, 'not-met': 1, 'not-yet-assessed': 0, 'not-applicable': 0 },
    });
    const planning = (
      await w.member.get('/api/v1/learning/markers?purpose=planning&type=local-cspr')
    ).json<MarkersAnswer>();
    expect(planning.reviews).toBe(2);
    expect(
      planning.markers.find((m) => m.key === K1.key && m.framework === 'scr-quality-markers')?.counts,
    ).toMatchObject({ met: 1, 'not-met': 1 });
    const period = (await w.member.get('/api/v1/learning/markers?from=2025-01-01&to=2025-12-31')).json<MarkersAnswer>();
    expect(period.reviews).toBe(2);

    for (const query of ['purpose=soon', 'type=big', 'from=2025-13-01', 'from=2026-01-01&to=2025-01-01']) {
      const bad = await w.member.get(`/api/v1/learning/markers?${query}`);
      expect(bad.statusCode, query).toBe(400);
      expect(bad.json<ApiError>().error.message, query).toMatch(/must/);
    }
  });

  it('answers the themes per year with their actions, and the recurring ones', async () => {
    const res = await w.member.get('/api/v1/learning/themes');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      themes: [
        {
          theme: 'Neglect',
          year: '2025',
          reviews: 2,
          findings: 2,
          recommendations: 1,
          actions: { total: 3, open: 1, overdue: 1, done: 2, evaluated: 1 },
        },
        {
          theme: 'Neglect',
          year: '2026',
          reviews: 1,
          findings: 1,
          recommendations: 0,
          actions: { total: 0, open: 0, overdue: 0, done: 0, evaluated: 0 },
        },
      ],
      recurring: [{ theme: 'Neglect', years: '2025 to 2026', reviews: 3 }],
    });
    expect((await w.member.get('/api/v1/learning/themes?from=2026-01-01')).json()).toEqual({
      themes: [],
      recurring: [],
    });
  });
});

describe('the regional view', () => {
  it('rolls up the person’s partnerships: what they may see, and published reviews only', async () => {
    const p = await page(w.member, '/learning/region');
    expect(rows(p, '#partnerships')).toEqual([
      ['Anytown Safeguarding Children Partnership', '3', '1'],
      ['Bigcity Safeguarding Children Partnership', '1', '1'],
    ]);
    // B2 (unpublished, the member on no team in B) and R4 (not on the member's team) count nowhere.
    expect(p.all('#published-list li').map((t) => t.split(' (')[0])).toEqual(['R1: Review', 'B1: Review']);
    const scrTable = rows(p, '#markers-2');
    expect(scrTable[0]).toEqual([K1.title, '1', '1', '1', '0', '0']);
    expect(rows(p, '#themes-table')).toEqual([['Neglect', '3', '1']]);
    expect(p.text('main')).not.toMatch(/\b(B2|R4)\b/);
  });
});
