import type { Page } from 'playwright-core';

/** What has keyboard focus, and whether its focus indicator can be seen. */
export interface Focused {
  /** A short description for failure messages: tag, id, classes and text. */
  description: string;
  tag: string;
  id: string;
  classes: string[];
  text: string;
  href: string | null;
  /** Radios and checkboxes: the input's type and value. */
  type: string | null;
  value: string | null;
  /** Whether a focus indicator is drawn: an outline that is not `none` or transparent, or a box shadow. */
  indicatorVisible: boolean;
  indicator: string;
}

/**
 * Describes the focused element. govuk-frontend draws focus as a yellow background with a box shadow
 * (links, buttons, summaries) or as a ring on the label's ::before (radios and checkboxes, whose input
 * is invisible), so we read the styles of whichever element draws it.
 */
export function focused(page: Page): Promise<Focused> {
  return page.evaluate(() => {
    const el = document.activeElement ?? document.body;
    const transparent = (colour: string) => colour === 'transparent' || /rgba\(.*,\s*0\)$/.test(colour);
    const drawn = (style: CSSStyleDeclaration) => {
      const outline =
        style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0 && !transparent(style.outlineColor);
      const shadow = style.boxShadow !== 'none' && style.boxShadow !== '';
      return { visible: outline || shadow, text: `outline: ${style.outline}; box-shadow: ${style.boxShadow}` };
    };
    const input = el instanceof HTMLInputElement && (el.type === 'radio' || el.type === 'checkbox') ? el : null;
    const label = input?.id ? document.querySelector(`label[for="${CSS.escape(input.id)}"]`) : null;
    const style = label ? drawn(getComputedStyle(label, '::before')) : drawn(getComputedStyle(el));
    const text = (el.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 80);
    const classes = Array.from(el.classList);
    return {
      description: `<${el.tagName.toLowerCase()}${el.id ? ` id="${el.id}"` : ''}${classes.length ? ` class="${classes.join(' ')}"` : ''}> ${input ? `(${input.type} ${input.value})` : `“${text}”`}`,
      tag: el.tagName.toLowerCase(),
      id: el.id,
      classes,
      text,
      href: el.getAttribute('href'),
      type: input?.type ?? null,
      value: input?.value ?? null,
      indicatorVisible: style.visible,
      indicator: style.text,
    };
  });
}
