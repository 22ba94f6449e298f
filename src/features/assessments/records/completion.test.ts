import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../../test/helpers/app.js';
import type { Client } from '../../../../test/helpers/client.js';
import { formValues, readPage, type Page } from '../../../../test/helpers/html.js';
import { paths } from '../../../lib/paths.js';
import { loadFrameworkFiles } from '../../frameworks/framework.load.js';
import type { ApiError } from '../../../../test/helpers/api-json.js';
import { memberWithRound } from '../../../../test/helpers/round-world.js';

// A marker is ready for sign-off or completed only with a judgement: on the marker page, in meeting
// mode and through the API. Progress without a judgement is still free.

const scr = loadFrameworkFiles(paths.frameworks).find((f) => f.key === 'scr-quality-markers')!;
const markerQuestions = (key: string) =>
  scr.stages.flatMap((s) => s.markers).find((m) => m.key === key)!.questions.length;

let t: TestApp;
let manager: Client;
let token: string;
let roundUrl: string;
let apiRound: string;

beforeAll(async () => {
  t = await buildTestApp();
  ({ manager, token, roundUrl } = await memberWithRound(t, {
    reference: 'LCSPR 2026/07',
    subjectPseudonym: 'Child E',
  }));
  apiRound = `/api/v1${roundUrl}`;
});
afterAll(async () => t.close());

const record = (markerKey: string) =>
  t.testDb.db
    .selectFrom('marker_record')
    .select(['judgement', 'status', 'rationale', 'version'])
    .where('marker_key', '=', markerKey)
    .executeTakeFirstOrThrow();

const formOf = (page: Page, changed: Record<string, string>) => formValues(page, 'form[data-module]', changed);

const put = (url: string, payload: object) =>
  t.app.inject({ method: 'PUT', url, payload, headers: { authorization: `Bearer ${token}` } });

describe('a marker is done only with a judgement', () => {
  it('on the marker page: an error on the judgement, what was typed kept, nothing saved', async () => {
    const url = `${roundUrl}/markers/referral`;
    for (const status of ['completed', 'ready-for-sign-off']) {
      const res = await manager.post(
        url,
        formOf(readPage((await manager.get(url)).body), { status, rationale: 'Minutes of 3 March seen' }),
      );
      expect(res.statusCode).toBe(400);
      const page = readPage(res.body);
      const words = status === 'completed' ? 'completed' : 'ready for sign-off';
      expect(page.errorLinks).toEqual([
        { text: `Select a judgement before marking this marker as ${words}`, href: '#judgement' },
      ]);
      expect(page.root.querySelector('#rationale')?.textContent).toBe('Minutes of 3 March seen');
      expect(page.root.querySelector(`#status option[value="${status}"]`)?.hasAttribute('selected')).toBe(true);
    }
    expect(await record('referral')).toMatchObject({ status: 'not-started', rationale: '', version: 1 });

    const inProgress = await manager.post(
      url,
      formOf(readPage((await manager.get(url)).body), { status: 'in-progress' }),
    );
    expect(inProgress.statusCode).toBe(303);
    const done = await manager.post(
      url,
      formOf(readPage((await manager.get(url)).body), {
        status: 'completed',
        judgement: 'met',
        rationale: 'Referral made the same day',
      }),
    );
    expect(done.statusCode).toBe(303);
    expect(await record('referral')).toMatchObject({ status: 'completed', judgement: 'met', version: 3 });

    // Taking the judgement away from a completed marker is refused in the same words.
    const undone = await manager.post(
      url,
      formOf(readPage((await manager.get(url)).body), { status: 'completed', judgement: 'not-yet-assessed' }),
    );
    expect(undone.statusCode).toBe(400);
    expect(readPage(undone.body).errorLinks[0]?.text).toBe(
      'Select a judgement before marking this marker as completed',
    );
    expect(await record('referral')).toMatchObject({ judgement: 'met', version: 3 });
  });

  it('in meeting mode: the decision step marks a marker ready for sign-off only with a judgement', async () => {
    const step = `${roundUrl}/markers/family-involvement/meeting?q=${markerQuestions('family-involvement') + 1}`;
    const form = readPage((await manager.get(step)).body);
    const checked = form.root.querySelector('input[name="status"][checked]');
    expect(checked?.getAttribute('value')).toBe('not-started');
    const base = {
      q: String(markerQuestions('family-involvement') + 1),
      version: '1',
      'original-judgement': 'not-yet-assessed',
      'original-rationale': '',
      'original-status': 'not-started',
      rationale: 'Police and coroner timetables agreed',
      status: 'ready-for-sign-off',
    };
    const refused = await manager.post(step, { ...base, judgement: 'not-yet-assessed' });
    expect(refused.statusCode).toBe(400);
    const page = readPage(refused.body);
    expect(page.errorLinks).toEqual([
      { text: 'Select a judgement before marking this marker as ready for sign-off', href: '#judgement' },
    ]);
    expect(page.root.querySelector('input[name="status"][checked]')?.getAttribute('value')).toBe('ready-for-sign-off');
    expect(await record('family-involvement')).toMatchObject({ status: 'not-started', version: 1 });

    const noStatus = await manager.post(step, { ...base, judgement: 'met', status: 'finished' });
    expect(readPage(noStatus.body).errorLinks).toEqual([
      { text: 'Select how far the work on this marker has got', href: '#status' },
    ]);

    const saved = await manager.post(step, { ...base, judgement: 'met' });
    expect(saved.statusCode).toBe(303);
    expect(await record('family-involvement')).toMatchObject({
      status: 'ready-for-sign-off',
      judgement: 'met',
      rationale: 'Police and coroner timetables agreed',
      version: 2,
    });
  });

  it('in meeting mode: the decision step cannot take the judgement off a completed marker', async () => {
    const url = `${roundUrl}/markers/referral/meeting`;
    const decisionStep = String(markerQuestions('referral') + 1);
    const step = `${url}?q=${decisionStep}`;
    const decision = await manager.post(step, {
      q: decisionStep,
      version: '3',
      'original-judgement': 'met',
      'original-rationale': '',
      'original-status': 'completed',
      judgement: 'not-yet-assessed',
      rationale: 'On reflection, not yet',
      status: 'completed',
    });
    expect(decision.statusCode).toBe(400);
    const page = readPage(decision.body);
    expect(page.errorLinks).toEqual([
      { text: 'Select a judgement before marking this marker as completed', href: '#judgement' },
    ]);
    expect(page.root.querySelector('#rationale')?.textContent).toBe('On reflection, not yet');
    expect(await record('referral')).toMatchObject({ judgement: 'met', version: 3 });
  });

  it('through the API: 400 with the reason, and 409 (not 400) for a stale version', async () => {
    const url = `${apiRound}/markers/decision-making`;
    const refused = await put(url, { version: 1, status: 'completed' });
    expect(refused.statusCode).toBe(400);
    expect(refused.json<ApiError>().error.message).toBe('Select a judgement before marking this marker as completed');
    expect(await record('decision-making')).toMatchObject({ status: 'not-started', version: 1 });

    const both = await put(url, {
      version: 1,
      status: 'ready-for-sign-off',
      judgement: 'partly-met',
      rationale: 'Decision recorded late',
    });
    expect(both.statusCode).toBe(200);
    expect(both.json()).toMatchObject({ status: 'ready-for-sign-off', judgement: 'partly-met', version: 2 });

    expect((await put(url, { version: 2, judgement: 'not-yet-assessed' })).statusCode).toBe(400);
    const stale = await put(url, { version: 1, judgement: 'not-yet-assessed' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json<ApiError>().current).toMatchObject({ judgement: 'partly-met', version: 2 });

    // Anything else about a done marker can still change.
    const rationale = await put(url, { version: 2, rationale: 'Decision recorded at the first panel' });
    expect(rationale.json()).toMatchObject({ status: 'ready-for-sign-off', version: 3 });
  });
});

// A judgement of met, partly met or not met needs a rationale, whichever way it comes.
describe('a judgement needs a rationale', () => {
  const reason = 'Enter why you reached this judgement';

  it('on the marker page: an error on the rationale, everything typed kept, nothing saved', async () => {
    const url = `${roundUrl}/markers/analysis`;
    const [q1] = scr.stages.flatMap((s) => s.markers).find((m) => m.key === 'analysis')!.questions;
    for (const judgement of ['met', 'partly-met', 'not-met']) {
      const res = await manager.post(
        url,
        formOf(readPage((await manager.get(url)).body), {
          judgement,
          rationale: '   ',
          status: 'in-progress',
          [`note-${q1!.key}`]: 'Learning shared with schools',
        }),
      );
      expect(res.statusCode).toBe(400);
      const page = readPage(res.body);
      expect(page.errorLinks).toEqual([{ text: reason, href: '#rationale' }]);
      expect(page.text('#rationale-error')).toContain(reason);
      expect(page.root.querySelector(`input[name="judgement"][value="${judgement}"]`)?.hasAttribute('checked')).toBe(
        true,
      );
      expect(page.root.querySelector(`#note-${q1!.key}`)?.textContent).toBe('Learning shared with schools');
    }
    expect(await record('analysis')).toMatchObject({
      judgement: 'not-yet-assessed',
      status: 'not-started',
      version: 1,
    });
    // "Not yet assessed" needs none; a rationale written without a judgement is fine too.
    const notYet = await manager.post(url, formOf(readPage((await manager.get(url)).body), { status: 'in-progress' }));
    expect(notYet.statusCode).toBe(303);
    const judged = await manager.post(
      url,
      formOf(readPage((await manager.get(url)).body), { judgement: 'not-met', rationale: 'No learning event held' }),
    );
    expect(judged.statusCode).toBe(303);
    // Emptying the rationale of a judged marker is refused in the same words.
    const emptied = await manager.post(url, formOf(readPage((await manager.get(url)).body), { rationale: '' }));
    expect(readPage(emptied.body).errorLinks).toEqual([{ text: reason, href: '#rationale' }]);
    expect(await record('analysis')).toMatchObject({ judgement: 'not-met', rationale: 'No learning event held' });
  });

  it('in meeting mode: the decision step asks for the rationale', async () => {
    const decisionStep = String(markerQuestions('report') + 1);
    const step = `${roundUrl}/markers/report/meeting?q=${decisionStep}`;
    const res = await manager.post(step, {
      q: decisionStep,
      version: '1',
      'original-judgement': 'not-yet-assessed',
      'original-rationale': '',
      'original-status': 'not-started',
      judgement: 'partly-met',
      rationale: '',
      status: 'in-progress',
    });
    expect(res.statusCode).toBe(400);
    const page = readPage(res.body);
    expect(page.errorLinks).toEqual([{ text: reason, href: '#rationale' }]);
    expect(page.root.querySelector('input[name="judgement"][value="partly-met"]')?.hasAttribute('checked')).toBe(true);
    expect(await record('report')).toMatchObject({ judgement: 'not-yet-assessed', version: 1 });
  });

  it('through the API: 400 with the reason; a stale version is still a conflict', async () => {
    const url = `${apiRound}/markers/report`;
    const refused = await put(url, { version: 1, judgement: 'met' });
    expect(refused.statusCode).toBe(400);
    expect(refused.json<ApiError>().error.message).toBe(reason);
    const ok = await put(url, { version: 1, judgement: 'met', rationale: 'Scope agreed with the panel' });
    expect(ok.statusCode).toBe(200);
    expect((await put(url, { version: 2, rationale: '' })).statusCode).toBe(400);
    expect((await put(url, { version: 1, rationale: '' })).statusCode).toBe(409);
  });
});
