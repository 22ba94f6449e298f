import { describe, expect, it } from 'vitest';
import { pageNumberOf, pageNumbers, pageOf, paginationLinks } from './pagination.js';

describe('pages of a long list', () => {
  it('numbers every page when there are few, and the first, the last and the neighbours with gaps when many', () => {
    expect(pageNumbers(1, 3)).toEqual([1, 2, 3]);
    expect(pageNumbers(1, 10)).toEqual([1, 2, null, 10]);
    expect(pageNumbers(5, 10)).toEqual([1, null, 4, 5, 6, null, 10]);
    expect(pageNumbers(3, 10)).toEqual([1, 2, 3, 4, null, 10]);
    expect(pageNumbers(10, 10)).toEqual([1, null, 9, 10]);
  });

  it('cuts a page, showing the last for a page past the end, and reads only positive whole page numbers', () => {
    const all = Array.from({ length: 7 }, (_, i) => i + 1);
    expect(pageOf(all, 2, 3)).toEqual({ rows: [4, 5, 6], page: 2, pages: 3, first: 4, last: 6, count: 7 });
    expect(pageOf(all, 9, 3)).toMatchObject({ rows: [7], page: 3, first: 7, last: 7 });
    expect(pageOf([], 1, 3)).toMatchObject({ rows: [], page: 1, pages: 1 });
    expect(['2', '0', '-1', '1.5', 'x', undefined, ['2']].map(pageNumberOf)).toEqual([2, 1, 1, 1, 1, 1, 1]);
  });

  it('gives no pagination for one page, and links with a gap for many', () => {
    expect(paginationLinks(1, 1, (n) => `?page=${n}`)).toBeNull();
    expect(paginationLinks(1, 4, (n) => `?page=${n}`)).toEqual({
      previous: undefined,
      next: '?page=2',
      items: [
        { number: 1, href: '?page=1', current: true },
        { number: 2, href: '?page=2', current: false },
        { ellipsis: true },
        { number: 4, href: '?page=4', current: false },
      ],
    });
  });
});
