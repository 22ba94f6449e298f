import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.js';
import type { FrameworkFile } from './framework.schema.js';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => t.close());

describe('GET /api/v1/frameworks', () => {
  it('lists the built-in frameworks', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/frameworks' });
    expect(res.statusCode).toBe(200);
    const keys = res
      .json<{ frameworks: { key: string; markerCount: number }[] }>()
      .frameworks.map((f) => [f.key, f.markerCount]);
    expect(keys).toEqual(
      expect.arrayContaining([
        ['scr-quality-markers', 18],
        ['sar-quality-markers', 15],
      ]),
    );
  });
});

describe('GET /api/v1/frameworks/{key}', () => {
  it('returns the latest version with stages, markers and questions', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/frameworks/scr-quality-markers' });
    expect(res.statusCode).toBe(200);
    const fw = res.json<FrameworkFile>();
    expect(Object.keys(fw)).toEqual(
      expect.arrayContaining(['key', 'version', 'title', 'audiences', 'scale', 'stages']),
    );
    expect(fw.scale.map((s) => s.key)).toEqual(['met', 'partly-met', 'not-met', 'not-yet-assessed', 'not-applicable']);
    const marker = fw.stages[1]!.markers[6]!;
    expect(marker).toMatchObject({ key: 'family-involvement', number: 12, title: 'Family involvement' });
    expect(Object.keys(marker)).toEqual(['key', 'number', 'title', 'statement', 'rationale', 'questions', 'guidance']);
    expect(Object.keys(marker.questions[0]!)).toEqual(['key', 'text', 'audiences']);
  });

  it('answers an unknown key with a JSON 404', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/frameworks/nope' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ error: { status: 404, message: "There is no framework 'nope'" } });
  });
});
