import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import type { Session } from '../../support/browser.js';
import { focused, type Focused } from '../../support/focus.js';
import { perSpecFile } from '../../support/per-spec.js';

// Helpers for the marker page's evidence and discussion (pages/evidence.ts) and their spec.

/**
 * The session with its load audit run once per markerState() and JavaScript mode in the spec file (across
 * its sessions and tests: a state one test audited is not audited again by the next), and only then.
 */
const markerSessions = new WeakMap<Session, Session>();
const audited = perSpecFile(() => new Set<string>());
export function auditedByMarkerState(session: Session): Session {
  const known = markerSessions.get(session);
  if (known) return known;
  const wrapped: Session = {
    ...session,
    async auditOnLoad() {
      const state = `${session.javaScript ? 'JavaScript on' : 'JavaScript off'}|${await markerState(session.page)}`;
      if (audited().has(state)) return;
      await session.audit();
      audited().add(state);
    },
  };
  markerSessions.set(session, wrapped);
  markerSessions.set(wrapped, wrapped);
  return wrapped;
}

/**
 * What makes a state of the marker page different for axe: where it is shown (ids as {id}), its title and
 * what the suite looks at around the form (errors, banners, alerts, a conflict, anything filled in),
 * and the states of the two sections: which kinds of evidence are listed, whether there are comments,
 * edited or resolved ones, an edit form, which evidence forms are open, and whether there are forms.
 */
function markerState(page: Page): Promise<string> {
  return page.evaluate(() => {
    const has = (s: string) => (document.querySelector(s) ? 1 : 0);
    const filled = Array.from(document.querySelectorAll<HTMLInputElement>('main input, main textarea')).some(
      (f) => f.type !== 'hidden' && f.type !== 'radio' && f.type !== 'checkbox' && f.value !== '',
    );
    const open = Array.from(document.querySelectorAll('#evidence details'), (d) => (d.hasAttribute('open') ? 1 : 0));
    const parts = [
      ...['.govuk-error-summary', '.govuk-notification-banner', '[role="alert"]', '.app-conflict', 'dialog[open]'],
      ...['.app-evidence-item a[rel~="external"]', '.app-evidence-item__note', '.app-hash', '#evidence form'],
      ...['.app-comment', '.app-comment__edited', '.app-comment--resolved', '#comment-edit-body', '#discussion form'],
    ].map(has);
    const where = location.pathname.replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, '{id}');
    return `${where}|${document.title}|${parts.join('')}${filled ? 1 : 0}|${open.join('')}`;
  });
}

/** Presses Tab until `done`, checking that focus can be seen on everything it reaches on the way. */
export async function tabTo(session: Session, done: (f: Focused) => boolean, what: string): Promise<Focused> {
  const path: string[] = [];
  for (let i = 0; i < 120; i++) {
    await session.page.keyboard.press('Tab');
    const now = await focused(session.page);
    path.push(now.description);
    expect(now.indicatorVisible, `focus is visible on ${now.description} (${now.indicator})`).toBe(true);
    if (done(now)) return now;
  }
  throw new Error(`Tab never reached ${what}. Reached:\n  ${path.join('\n  ')}`);
}

/** A small, well-formed one-page PDF, its cross-reference table worked out. */
export function tinyPdf(): Buffer {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 100] >>',
  ];
  let pdf = '%PDF-1.4\n';
  const offsets = objects.map((body, i) => {
    const at = pdf.length;
    pdf += `${i + 1} 0 obj\n${body}\nendobj\n`;
    return at;
  });
  const xref = pdf.length;
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  pdf += offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('');
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(pdf, 'latin1');
}
