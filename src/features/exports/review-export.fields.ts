import { z } from 'zod';

/** The kinds of value the review export is made of, with the limits the database and the pages keep to. */

export const LONG = 100_000;
export const str = (max: number, description?: string) => {
  const s = z.string().max(max);
  return description ? s.describe(description) : s;
};
export const id = str(64, 'The record’s id where it was exported; a new one is made on import');
export const person = str(200)
  .nullable()
  .describe('A person, by name as people know them; null when nobody or unknown');
export const timestamp = z.iso.datetime({ offset: true }).describe('A time, ISO 8601 UTC');
export const date = z.iso.date().nullable();
/** Whole numbers as the database keeps them (a 32-bit integer column). */
export const count = z.number().int().nonnegative().max(2_147_483_647);
export const positive = count.min(1);
export const key = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be a key like "family-involvement"')
  .max(100);
