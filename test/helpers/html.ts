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

/**
 * The fields a form would post as the page shows it (hidden inputs, checked radios and boxes, selected
 * options, textareas), without its CSRF token, with what the person changed on top.
 */
export function formValues(page: Page, selector: string, changed: Record<string, string> = {}) {
  const form = page.root.querySelector(selector);
  if (!form) throw new Error(`No form ${selector} on the page`);
  const values: Record<string, string> = {};
  for (const input of form.querySelectorAll('input[name]')) {
    const type = input.getAttribute('type') ?? 'text';
    if ((type === 'radio' || type === 'checkbox') && !input.hasAttribute('checked')) continue;
    values[input.getAttribute('name')!] = input.getAttribute('value') ?? '';
  }
  for (const select of form.querySelectorAll('select[name]')) {
    const options = select.querySelectorAll('option');
    const chosen = options.find((o) => o.hasAttribute('selected')) ?? options[0];
    values[select.getAttribute('name')!] = chosen?.getAttribute('value') ?? '';
  }
  for (const area of form.querySelectorAll('textarea[name]')) values[area.getAttribute('name')!] = area.text;
  delete values._csrf;
  return { ...values, ...changed };
}
