/**
 * An improvement action's agencies, the one codec for every place they are written or read:
 * - stored in `action.agencies` as a JSON array of names;
 * - in a spreadsheet cell (the CSV and Excel exports, the action list import) as names separated by
 *   semicolons, "Police; Health", so an exported list can be filled in and imported again;
 * - in the action form's text box, one name on each line.
 */

/** The stored column's text for a list of agencies. */
export function encodeAgencies(agencies: readonly string[]): string {
  return JSON.stringify(agencies);
}

/** The list from the stored column; anything that is not a JSON array of names reads as no agencies. */
export function decodeAgencies(stored: string): string[] {
  try {
    const value: unknown = JSON.parse(stored);
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  } catch {
    return [];
  }
}

/** A spreadsheet cell's text: "Police; Health". */
export function agenciesCell(agencies: readonly string[]): string {
  return agencies.join('; ');
}

/** The names in a spreadsheet cell, separated by semicolons, blanks left out. */
export function agenciesFromCell(cell: string): string[] {
  return namesIn(cell.split(';'));
}

/** The form's text box: one name on each line. */
export function agenciesText(agencies: readonly string[]): string {
  return agencies.join('\n');
}

/** The names in the form's text box, one on each line, blanks left out. */
export function agenciesFromText(text: string): string[] {
  return namesIn(text.split('\n'));
}

const namesIn = (parts: string[]) => parts.map((a) => a.trim()).filter(Boolean);
