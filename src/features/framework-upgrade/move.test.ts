import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '../../../test/helpers/client.js';
import { readPage } from '../../../test/helpers/html.js';
import type { ApiError } from '../../../test/helpers/api-json.js';
import { moveReads, moveWorld, page, type MoveWorld } from './move.fixture.js';

/** What the dry-run test reads of the API's preview of a move. */
interface DryRun {
  dryRun: boolean;
  review: unknown;
  preview: {
    markers: { added: { key: string }[]; dropped: unknown[] };
    questions: { carried: { reworded: boolean }[] };
  };
}

// Looking before moving: the preview, on the page and the API, and who may see and move (nothing moves here;
// move-apply.test.ts moves the review).
let w: MoveWorld;
let manager: Client;
let observer: Client;
let otherAdmin: Client;
let reviewId: string;
let otherReviewId: string;
let tokens: MoveWorld['tokens'];
beforeAll(async () => {
  w = await moveWorld();
  ({ manager, observer, otherAdmin, reviewId, otherReviewId, tokens } = w);
});
afterAll(async () => w.t.close());
const { url, review, roundsOf, api } = moveReads(() => w);

describe('moving a review to a newer framework version', () => {
  it('lists the newer versions the partnership can see', async () => {
    const res = await manager.get(url());
    expect(res.statusCode).toBe(200);
    const p = readPage(res.body);
    expect(p.h1).toBe('Framework version');
    expect(p.title, 'the title names the review').toBe('Framework version – LCSPR 7 – Quality Markers');
    expect(p.all('.govuk-radios__label')).toEqual(['Version 1.1.0']);
  });

  it('previews what is carried over, added and dropped, before anything changes', async () => {
    const res = await manager.get(`${url()}?version=1.1.0`);
    expect(res.statusCode).toBe(200);
    const p = readPage(res.body);
    expect(p.h1).toBe('Move to version 1.1.0');
    expect(p.title).toBe('Move to version 1.1.0 – LCSPR 7 – Quality Markers');
    expect(p.all('.app-move-carried tbody th')).toEqual([
      '1. Scope',
      '2. Choosing the reviewer',
      '3. Records',
      "4. Practitioners' voices",
    ]);
    expect(p.all('.app-move-carried tbody td:last-child')).toEqual([
      '1 question reworded',
      '1 question moved here from another marker',
      'Unchanged',
      '1 question moved to another marker',
    ]);
    expect(p.all('.app-move-reworded tbody td')).toEqual([
      '1. Scope',
      'Has the family been asked what they want the review to look at?',
      'Have family members been asked what they want the review to look at?',
    ]);
    expect(p.all('.app-move-moved li')).toEqual([
      "Were practitioners offered support before and after?: was in 3. Practitioners' voices, now in 2. Choosing the reviewer. Its answer is carried over.",
    ]);
    expect(p.all('.app-move-added li')).toEqual(['Marker 5. Family involvement (1 question)']);
    // Round 2 has the dropped marker's answer (copied), its judgement, one evidence note and one comment.
    expect(p.all('.app-move-dropped tbody tr')).toEqual(['5. Report 1 1 1 1']);
    expect(p.root.querySelector('.app-move-dropped-questions')).toBeNull();
    expect(p.text('.govuk-warning-text')).toContain('Nothing is deleted');
    expect(p.all('.app-move-scale li')).toEqual(['Added: Partly met']);
    expect(p.text(`form[action="${url()}"] button`)).toBe('Move the review to version 1.1.0');
    expect((await review()).framework_version).toBe('1.0.0');
  });

  it('answers the same preview as JSON on a dry run, changing nothing', async () => {
    const res = await api(`/api/v1/reviews/${reviewId}/framework-version?dryRun=true`, tokens.panel, {
      version: '1.1.0',
    });
    expect(res.statusCode).toBe(200);
    const body = res.json<DryRun>();
    expect(body.dryRun).toBe(true);
    expect(body.review).toMatchObject({ frameworkVersion: '1.0.0' });
    expect(body.preview.markers.added.map((m: { key: string }) => m.key)).toEqual(['family']);
    expect(body.preview.markers.dropped).toEqual([
      {
        key: 'report',
        number: 5,
        title: 'Report',
        leftBehind: { answers: 1, judgements: 1, evidence: 1, comments: 1 },
      },
    ]);
    const reworded = body.preview.questions.carried.filter((q: { reworded: boolean }) => q.reworded);
    expect(reworded).toEqual([
      {
        markerKey: 'scope',
        key: 'family-view',
        text: 'Have family members been asked what they want the review to look at?',
        was: {
          markerKey: 'scope',
          key: 'family-view',
          text: 'Has the family been asked what they want the review to look at?',
        },
        reworded: true,
        moved: false,
      },
    ]);
    expect(body.preview.questions.carried).toHaveLength(7);
    expect((await review()).framework_version).toBe('1.0.0');
  });

  it('lets an observer read the preview but not move the review', async () => {
    const res = await observer.get(`${url()}?version=1.1.0`);
    expect(res.statusCode).toBe(200);
    expect(res.body).not.toContain(`action="${url()}"`);
    expect(readPage(res.body).text('.govuk-inset-text')).toContain('Only the business manager, the chair');
    const { version } = await review();
    const post = await observer.post(url(), { version: '1.1.0', reviewVersion: String(version) });
    expect(post.statusCode).toBe(403);
    expect((await review()).framework_version).toBe('1.0.0');
  });

  it('answers another partnership with 404', async () => {
    expect((await otherAdmin.get(url())).statusCode).toBe(404);
    expect((await otherAdmin.post(url(), { version: '1.1.0', reviewVersion: '1' })).statusCode).toBe(404);
    expect((await manager.get(page.replace('ID', otherReviewId))).statusCode).toBe(404);
    expect(
      (
        await api(`/api/v1/reviews/${otherReviewId}/framework-version`, tokens.manager, {
          version: '1.1.0',
          reviewVersion: 1,
        })
      ).statusCode,
    ).toBe(404);
  });

  it('refuses a stale review version, changing nothing', async () => {
    const { version } = await review();
    const res = await manager.post(url(), { version: '1.1.0', reviewVersion: String(version + 7), startRound: 'yes' });
    expect(res.statusCode).toBe(409);
    expect(readPage(res.body).text('.govuk-notification-banner')).toContain('Someone changed this review');
    const apiRes = await api(`/api/v1/reviews/${reviewId}/framework-version`, tokens.manager, {
      version: '1.1.0',
      reviewVersion: version + 7,
    });
    expect(apiRes.statusCode).toBe(409);
    expect(apiRes.json<ApiError>().current).toEqual({
      id: reviewId,
      frameworkKey: 'riverside-review-checks',
      frameworkVersion: '1.0.0',
      version,
    });
    expect(await roundsOf(reviewId)).toHaveLength(2);
  });

  it('refuses the version the review already uses, and one that does not exist', async () => {
    const { version } = await review();
    const same = await manager.post(url(), { version: '1.0.0', reviewVersion: String(version) });
    expect(same.statusCode).toBe(400);
    const p = readPage(same.body);
    expect(p.title).toMatch(/^Error: /);
    expect(p.errorLinks).toEqual([{ text: 'The review already uses version 1.0.0', href: '#version' }]);
    expect((await manager.get(`${url()}?version=7.0.0`)).statusCode).toBe(400);
  });
});
