import { describe, expect, it } from 'vitest';
import { pageNumbers } from './list.routes.js';

describe('the reviews list’s page numbers', () => {
  it('gives every page when there are few, and the first, the last and the neighbours with gaps when many', () => {
    expect(pageNumbers(1, 3)).toEqual([1, 2, 3]);
    expect(pageNumbers(1, 10)).toEqual([1, 2, null, 10]);
    expect(pageNumbers(5, 10)).toEqual([1, null, 4, 5, 6, null, 10]);
    expect(pageNumbers(3, 10)).toEqual([1, 2, 3, 4, null, 10]);
    expect(pageNumbers(10, 10)).toEqual([1, null, 9, 10]);
  });
});
