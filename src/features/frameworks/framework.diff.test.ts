import { describe, expect, it } from 'vitest';
import { fixture } from '../../../test/fixtures/frameworks/fixtures.js';
import { keptInOrder } from './framework.diff.compare.js';
import { diffFrameworks } from './framework.diff.js';

const v1 = fixture('local-v1.yaml');
const v2 = fixture('local-v2.yaml');

describe('diffFrameworks', () => {
  const diff = diffFrameworks(v1, v2);

  it('names the two versions and the framework’s own changes', () => {
    expect(diff).toMatchObject({ key: 'riverside-review-checks', from: '1.0.0', to: '1.1.0' });
    expect(diff.framework).toEqual([
      { field: 'title', from: 'Riverside review checks', to: 'Riverside local review checks' },
      { field: 'published', from: '2026-01-15', to: '2026-06-01' },
    ]);
    expect(diff.audiences).toEqual({
      added: [{ key: 'family', label: 'Family members' }],
      removed: [],
      relabelled: [{ key: 'reviewer', from: 'Lead reviewer', to: 'Lead reviewer or review team' }],
    });
    expect(diff.scale).toEqual({ added: [], removed: [], relabelled: [] });
  });

  it('finds a renamed stage', () => {
    expect(diff.stages).toEqual({
      added: [],
      removed: [],
      changed: [
        {
          key: 'before',
          title: 'Setting up the review',
          changes: [{ field: 'title', from: 'Before the review', to: 'Setting up the review' }],
        },
      ],
      moved: [],
    });
  });

  it('finds markers added, removed, reworded and moved to another stage, by key', () => {
    expect(diff.markers.added.map((m) => [m.key, m.number, m.stage.key])).toEqual([['family', 5, 'during']]);
    expect(diff.markers.removed.map((m) => [m.key, m.number])).toEqual([['report', 5]]);
    expect(diff.markers.changed).toEqual([
      expect.objectContaining({
        key: 'scope',
        changes: [
          {
            field: 'statement',
            from: 'The panel agrees what the review will look at, and why, before work starts.',
            to: 'The panel agrees in writing what the review will look at, and why, before work starts.',
          },
        ],
      }),
    ]);
    // Records changed stage; practitioners was only renumbered, which is not a move.
    expect(
      diff.markers.moved.map((m) => [m.key, m.from.stage.key, m.from.number, m.to.stage.key, m.to.number]),
    ).toEqual([['records', 'during', 4, 'before', 3]]);
  });

  it('finds questions added, removed, reworded, re-targeted and moved, leaving out those of whole markers', () => {
    expect(diff.questions.added).toEqual([]);
    expect(diff.questions.removed).toEqual([]);
    expect(diff.questions.reworded).toEqual([
      expect.objectContaining({
        key: 'family-view',
        marker: expect.objectContaining({ key: 'scope' }) as unknown,
        from: 'Has the family been asked what they want the review to look at?',
        text: 'Have family members been asked what they want the review to look at?',
      }),
    ]);
    expect(diff.questions.audiences).toEqual([
      expect.objectContaining({ key: 'family-view', added: ['family'], removed: ['reviewer'] }),
    ]);
    expect(
      diff.questions.moved.map((q) => [q.key, q.from.marker.key, q.from.number, q.to.marker.key, q.to.number]),
    ).toEqual([
      ['supported', 'practitioners', 2, 'reviewer-chosen', 2],
      ['timescale', 'scope', 3, 'scope', 1],
    ]);
    expect(diff.count).toBe(2 + 2 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 2);
  });

  it('lists questions added to and removed from a surviving marker', () => {
    const b = structuredClone(v1);
    const scope = b.stages[0]!.markers[0]!;
    scope.questions = scope.questions.filter((q) => q.key !== 'agreed');
    scope.questions.push({ key: 'reviewed', text: 'Was the scope looked at again halfway?', audiences: ['panel'] });
    b.version = '1.0.1';
    const d = diffFrameworks(v1, b);
    expect(d.questions.added.map((q) => [q.marker.key, q.key, q.number])).toEqual([['scope', 'reviewed', 3]]);
    expect(d.questions.removed.map((q) => [q.marker.key, q.key, q.number])).toEqual([['scope', 'agreed', 1]]);
    expect(d.questions.moved).toEqual([]);
    expect(d.count).toBe(2);
  });

  it('finds nothing between a version and itself', () => {
    expect(diffFrameworks(v1, v1).count).toBe(0);
  });

  it('keeps the longest run in order', () => {
    expect([...keptInOrder(['a', 'b', 'c', 'd'], ['b', 'c', 'd', 'a'])]).toEqual(['b', 'c', 'd']);
    expect([...keptInOrder([], ['a'])]).toEqual([]);
  });
});
