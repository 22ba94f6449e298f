import { parse, type HTMLElement } from 'node-html-parser';

/** Reads a page as a user would: title, main heading, error summary links, visible text. */
export interface Page {
  root: HTMLElement;
  title: string;
  h1: string;
  errorLinks: { text: string; href: string }[];
  text(selector: string): string;
  all(selector: string): string[];
}

const squash = (s: string) => s.replace(/\s+/g, ' ').trim();

export function readPage(html: string): Page {
  const root = parse(html);
  return {
    root,
    title: squash(root.querySelector('title')?.text ?? ''),
    h1: squash(root.querySelector('h1')?.text ?? ''),
    errorLinks: root
      .querySelectorAll('.govuk-error-summary a')
      .map((a) => ({ text: squash(a.text), href: a.getAttribute('href') ?? '' })),
    text: (selector) => squash(root.querySelector(selector)?.text ?? ''),
    all: (selector) => root.querySelectorAll(selector).map((e) => squash(e.text)),
  };
}
