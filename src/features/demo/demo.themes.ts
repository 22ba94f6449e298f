/** Which of a partnership's learning themes fit children's reviews and which adults' (by the default lists). */
import type { LearningThemeTable } from '../../db/schema.js';
import { ADULT_THEMES, CHILDREN_THEMES } from '../actions/actions.options.js';
import type { DemoTheme } from './demo.model.js';

/** Themes the partnership added itself fit either kind; archived themes are left out. */
export function splitThemes(themes: readonly LearningThemeTable[]): { children: DemoTheme[]; adults: DemoTheme[] } {
  const live = themes.filter((t) => !t.archived_at).map((t) => ({ id: t.id, label: t.label }));
  const children = live.filter((t) => !ADULT_THEMES.includes(t.label) || CHILDREN_THEMES.includes(t.label));
  const adults = live.filter((t) => !CHILDREN_THEMES.includes(t.label) || ADULT_THEMES.includes(t.label));
  return { children: children.length ? children : live, adults: adults.length ? adults : live };
}
