import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../lib/csv.js';
import {
  agenciesCell,
  agenciesFromCell,
  agenciesFromText,
  agenciesText,
  decodeAgencies,
  encodeAgencies,
} from './agencies.js';

describe('the agencies codec', () => {
  it('stores a list as JSON and reads back any list of names', () => {
    expect(encodeAgencies(['Police', 'Health'])).toBe('["Police","Health"]');
    fc.assert(
      fc.property(fc.array(fc.string()), (names) => {
        expect(decodeAgencies(encodeAgencies(names))).toEqual(names);
      }),
    );
  });

  it('reads anything but a JSON list of names as no agencies, keeping the names of a mixed list', () => {
    for (const stored of ['', 'not json', '{"a":1}', '"Police"', 'null']) expect(decodeAgencies(stored)).toEqual([]);
    expect(decodeAgencies('["Police", 3, null, "Health"]')).toEqual(['Police', 'Health']);
  });

  it('writes a spreadsheet cell the action import reads back', () => {
    const agencies = ['Police', 'Children’s social care', 'Health'];
    expect(agenciesCell(agencies)).toBe('Police; Children’s social care; Health');
    expect(agenciesFromCell(agenciesCell(agencies))).toEqual(agencies);
    expect(agenciesFromCell(' Police ;; Health; ')).toEqual(['Police', 'Health']);
    // Through a CSV file too, as a person downloads and uploads it.
    expect(agenciesFromCell(parseCsv(`${agenciesCell(agencies)}\r\n`, { delimiter: ',' }).rows[0]![0]!)).toEqual(
      agencies,
    );
  });

  it('shows one name on each line in the form, and reads the lines back', () => {
    expect(agenciesText(['Police', 'Health'])).toBe('Police\nHealth');
    expect(agenciesFromText('Police\n\n  Health  \n')).toEqual(['Police', 'Health']);
  });
});
