/** Long lists in pages: one page of rows, and the links of GOV.UK's pagination component. */

export interface PageOf<T> {
  rows: T[];
  /** The page shown, from 1 (a page past the end shows the last). */
  page: number;
  pages: number;
  /** Position of the first and last row shown among all `count` rows, from 1. */
  first: number;
  last: number;
  count: number;
}

/** A page number from a query string: a positive whole number, else 1. */
export function pageNumberOf(value: unknown): number {
  return typeof value === 'string' && /^[1-9][0-9]{0,5}$/.test(value) ? Number(value) : 1;
}

export function pageOf<T>(all: readonly T[], requested: number, size: number): PageOf<T> {
  const pages = Math.max(1, Math.ceil(all.length / size));
  const page = Math.min(Math.max(1, requested), pages);
  const start = (page - 1) * size;
  const rows = all.slice(start, start + size);
  return { rows, page, pages, first: start + 1, last: start + rows.length, count: all.length };
}

/** GOV.UK pagination's numbers: the first, the last, and those beside the current page; null for a gap (…). */
export function pageNumbers(current: number, pages: number): (number | null)[] {
  const shown = [...new Set([1, current - 1, current, current + 1, pages])]
    .filter((n) => n >= 1 && n <= pages)
    .sort((a, b) => a - b);
  return shown.flatMap((n, i) => (i > 0 && n - shown[i - 1]! > 1 ? [null, n] : [n]));
}

export interface PaginationLinks {
  previous?: string;
  next?: string;
  items: ({ number: number; href: string; current: boolean } | { ellipsis: true })[];
}

/** What govukPagination needs for `page` of `pages`, or null when everything fits on one page. */
export function paginationLinks(page: number, pages: number, hrefOf: (page: number) => string): PaginationLinks | null {
  if (pages <= 1) return null;
  return {
    previous: page > 1 ? hrefOf(page - 1) : undefined,
    next: page < pages ? hrefOf(page + 1) : undefined,
    items: pageNumbers(page, pages).map((number) =>
      number === null ? { ellipsis: true as const } : { number, href: hrefOf(number), current: number === page },
    ),
  };
}
