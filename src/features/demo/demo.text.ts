/** Sentences for generated demo reviews, put together from the word lists in demo.words.ts. */
import type { SeededRandom } from '../../lib/seeded-random.js';
import * as w from './demo.words.js';

export interface TextContext {
  subject: string;
  agencies: readonly string[];
}

function fill(rng: SeededRandom, template: string, ctx: TextContext): string {
  return template
    .replaceAll('{subject}', ctx.subject)
    .replaceAll('{agency}', rng.pick(ctx.agencies))
    .replaceAll('{artefact}', rng.pick(w.ARTEFACTS));
}

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** A marker's rationale for a judgement key of the framework's scale. */
export function rationale(rng: SeededRandom, judgement: string, ctx: TextContext): string {
  if (judgement === 'not-yet-assessed') return '';
  if (judgement === 'not-applicable')
    return 'Not applicable to this review: the panel agreed why at its first meeting.';
  const met = judgement === 'met';
  const opening = rng.pick(met ? w.MET_OPENINGS : judgement === 'partly-met' ? w.PARTLY_OPENINGS : w.NOT_MET_OPENINGS);
  const [one, two] = rng.sample(met ? w.MET_DETAILS : w.GAP_DETAILS, 2);
  const first = fill(rng, one!, ctx);
  const second = rng.chance(0.5) ? ` ${capital(fill(rng, two!, ctx))}` : '';
  const start = opening.endsWith(':') ? `${opening} ${first}` : `${opening} ${capital(first)}`;
  return `${start}${second}`;
}

export function themeWords(label: string): w.ThemeWords {
  return w.THEME_WORDS[label] ?? w.GENERIC_THEME;
}

export function findingText(rng: SeededRandom, theme: string, ctx: TextContext): string {
  const t = themeWords(theme);
  const agency = rng.pick(ctx.agencies);
  return rng.pick([
    `In ${ctx.subject}’s case, ${t.gap}. ${agency} and its partners saw the signs at different times.`,
    `The review found weaknesses in ${t.practice}: ${t.gap}.`,
    `${capital(t.gap)}. This is not new: practitioners told the review it happens often.`,
  ]);
}

export function recommendationText(rng: SeededRandom, theme: string): string {
  const t = themeWords(theme);
  return rng.pick([
    `The partnership should introduce ${t.change}, and check within a year that it has made a difference.`,
    `Safeguarding partners should agree ${t.change}, and report progress to the board every quarter.`,
    `The partnership should seek assurance from every agency on ${t.practice}, starting with ${t.change}.`,
  ]);
}

export function actionTitle(rng: SeededRandom, theme: string): string {
  const t = themeWords(theme);
  return rng.pick([`Introduce ${t.change}`, `Audit of ${t.practice} in every agency`, `Training on ${t.practice}`]);
}

export function scopeText(section: keyof typeof w.SCOPE_TEXT, values: Record<string, string>): string {
  let text: string = w.SCOPE_TEXT[section];
  for (const [k, v] of Object.entries(values)) text = text.replaceAll(`{${k}}`, v);
  return text;
}

/** "Child A", "Adult B": a pseudonym from the review's number, never a name. */
export function pseudonym(adult: boolean, k: number): string {
  let letters = '';
  for (let n = k; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return `${adult ? 'Adult' : 'Child'} ${letters}`;
}
