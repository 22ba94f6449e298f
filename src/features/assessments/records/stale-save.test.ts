import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../../test/helpers/app.js';
import { insertOrganisation, insertPerson, signedInClient, type Client } from '../../../../test/helpers/client.js';
import { formValues, readPage, type Page } from '../../../../test/helpers/html.js';
import { paths } from '../../../lib/paths.js';
import { loadFrameworkFiles } from '../../frameworks/framework.load.js';
import { reviewThroughForm } from '../../../../test/helpers/reviews.js';

// The marker form is saved all or nothing: when any part of it is stale (someone else saved it first),
// neither the judgement nor any answer is written, and the form comes back with the conflict and with
// everything the person typed.

const scr = loadFrameworkFiles(paths.frameworks).find((f) => f.key === 'scr-quality-markers')!;
const questionsOf = (key: string) => scr.stages.flatMap((s) => s.markers).find((m) => m.key === key)!.questions;

let t: TestApp;
let alice: Client;
let bob: Client;
let roundUrl: string;

beforeAll(async () => {
  t = await buildTestApp();
  const db = t.testDb.db;
  const org = await insertOrganisation(db, 'Anytown Partnership');
  alice = await signedInClient(t.app, db, await insertPerson(db, org.id, 'admin'), org.id);
  bob = await signedInClient(t.app, db, await insertPerson(db, org.id, 'admin'), org.id);
  const reviewUrl = await reviewThroughForm(alice, { reference: 'LCSPR 2026/17', subjectPseudonym: 'Child S' });
  roundUrl = (await alice.post(`${reviewUrl}/rounds/new`, { purpose: 'in-review' })).headers.location as string;
});
afterAll(async () => t.close());

const db = () => t.testDb.db;
const recordOf = (markerKey: string) =>
  db()
    .selectFrom('marker_record')
    .select(['id', 'judgement', 'status', 'rationale', 'version'])
    .where('marker_key', '=', markerKey)
    .executeTakeFirstOrThrow();
const answerOf = (markerKey: string, questionKey: string) =>
  db()
    .selectFrom('question_response')
    .select(['answer', 'note', 'version'])
    .where('marker_key', '=', markerKey)
    .where('question_key', '=', questionKey)
    .executeTakeFirstOrThrow();
const revisionsOf = async (id: string) =>
  (await db().selectFrom('revision').select('id').where('record_id', '=', id).execute()).length;
const formOf = (page: Page, changed: Record<string, string>) => formValues(page, 'form[data-module]', changed);
const checked = (page: Page, name: string) =>
  page.root.querySelector(`input[name="${name}"][checked]`)?.getAttribute('value');

describe('saving a marker form when part of it is stale', () => {
  it('a stale answer: the judgement in the same form is not saved either, and everything typed is kept', async () => {
    const marker = 'referral';
    const [q1, q2] = questionsOf(marker);
    const url = `${roundUrl}/markers/${marker}`;
    const alicesPage = readPage((await alice.get(url)).body);
    // Bob saves the first answer while Alice is typing.
    const bobs = await bob.post(url, formOf(readPage((await bob.get(url)).body), { [`answer-${q1!.key}`]: 'no' }));
    expect(bobs.statusCode).toBe(303);

    const res = await alice.post(
      url,
      formOf(alicesPage, {
        [`answer-${q1!.key}`]: 'yes',
        [`note-${q2!.key}`]: 'Seen in the chronology',
        judgement: 'met',
        rationale: 'The referral was made on time',
        status: 'completed',
      }),
    );
    expect(res.statusCode).toBe(409);
    const page = readPage(res.body);
    expect(page.root.querySelector('.govuk-notification-banner')?.textContent).toContain(
      'None of your changes have been saved',
    );
    expect(page.root.querySelector(`#question-${q1!.key}`)?.classList.contains('app-question--conflict')).toBe(true);
    // Alice's typing is all still there.
    expect(checked(page, `answer-${q1!.key}`)).toBe('yes');
    expect(page.root.querySelector(`#note-${q2!.key}`)?.textContent).toBe('Seen in the chronology');
    expect(checked(page, 'judgement')).toBe('met');
    expect(page.root.querySelector('#rationale')?.textContent).toBe('The referral was made on time');
    expect(page.root.querySelector('#status option[value="completed"]')?.hasAttribute('selected')).toBe(true);

    // Nothing of Alice's was written: the record, the other answer, and no revision of either.
    const record = await recordOf(marker);
    expect(record).toMatchObject({ judgement: 'not-yet-assessed', status: 'not-started', rationale: '', version: 1 });
    expect(await revisionsOf(record.id)).toBe(0);
    expect(await answerOf(marker, q1!.key)).toMatchObject({ answer: 'no', version: 2 });
    expect(await answerOf(marker, q2!.key)).toMatchObject({ note: '', version: 1 });

    // Saving again from the page that showed the conflict keeps Alice's version of everything.
    const again = await alice.post(url, formOf(page, {}));
    expect(again.statusCode).toBe(303);
    expect(await recordOf(marker)).toMatchObject({ judgement: 'met', status: 'completed', version: 2 });
    expect(await answerOf(marker, q1!.key)).toMatchObject({ answer: 'yes', version: 3 });
    expect(await answerOf(marker, q2!.key)).toMatchObject({ note: 'Seen in the chronology', version: 2 });
  });

  it('a stale judgement: the answers in the same form are not saved either', async () => {
    const marker = 'governance';
    const [q1] = questionsOf(marker);
    const url = `${roundUrl}/markers/${marker}`;
    const alicesPage = readPage((await alice.get(url)).body);
    const bobs = await bob.post(
      url,
      formOf(readPage((await bob.get(url)).body), { rationale: 'Bob: terms of reference agreed' }),
    );
    expect(bobs.statusCode).toBe(303);
    const res = await alice.post(
      url,
      formOf(alicesPage, { [`answer-${q1!.key}`]: 'partly', rationale: 'Alice: the panel met monthly' }),
    );
    expect(res.statusCode).toBe(409);
    const page = readPage(res.body);
    expect(page.root.querySelector('.app-conflict')?.textContent).toContain('Bob: terms of reference agreed');
    expect(page.root.querySelector('#rationale')?.textContent).toBe('Alice: the panel met monthly');
    expect(checked(page, `answer-${q1!.key}`)).toBe('partly');
    expect(await answerOf(marker, q1!.key)).toMatchObject({ answer: null, version: 1 });
    expect(await recordOf(marker)).toMatchObject({ rationale: 'Bob: terms of reference agreed', version: 2 });
  });

  it('a part someone else changed that the person did not touch is shown as saved now, not as it was', async () => {
    const marker = 'decision-making';
    const [q1, q2] = questionsOf(marker);
    const url = `${roundUrl}/markers/${marker}`;
    const alicesPage = readPage((await alice.get(url)).body);
    await bob.post(url, formOf(readPage((await bob.get(url)).body), { [`note-${q2!.key}`]: 'Bob: note' }));
    await bob.post(url, formOf(readPage((await bob.get(url)).body), { [`answer-${q1!.key}`]: 'no' }));
    const res = await alice.post(url, formOf(alicesPage, { [`answer-${q1!.key}`]: 'yes' }));
    expect(res.statusCode).toBe(409);
    const page = readPage(res.body);
    // Saving this page again must not quietly undo Bob's note, which Alice never touched.
    expect(page.root.querySelector(`#note-${q2!.key}`)?.textContent).toBe('Bob: note');
    expect((await alice.post(url, formOf(page, {}))).statusCode).toBe(303);
    expect(await answerOf(marker, q2!.key)).toMatchObject({ note: 'Bob: note', version: 2 });
    expect(await answerOf(marker, q1!.key)).toMatchObject({ answer: 'yes' });
  });
});
