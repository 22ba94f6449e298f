import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';

// Frozen: never edit a migration that has shipped; add a new one.
// Learning themes are now seeded when a partnership is created, by its kind, and no longer the first
// time a page lists them. This gives every partnership that has no themes yet the list for its kind,
// as it stood on 7 December 2026 (a copy: the app's lists may change later, this step may not).
// A partnership that already has themes keeps them as they are.

const CHILDREN = [
  'Information sharing',
  'Escalation',
  'Voice of the child',
  'Professional curiosity',
  'Neglect',
  'Domestic abuse',
  'Parental mental health',
  'Substance misuse',
  'Exploitation',
  'Multi-agency working',
  'Recognising and responding to risk',
  'Assessment and planning',
  'Supervision and management oversight',
  'Think family',
];

const ADULTS = [
  'Self-neglect',
  'Mental capacity',
  'Making Safeguarding Personal',
  'Transition to adulthood',
  'Homelessness',
  'Organisational abuse',
  'Financial abuse',
  'Domestic abuse',
  'Carers',
];

function labelsFor(kind: string): string[] {
  const lists = kind === 'adults' ? [ADULTS] : kind === 'both' ? [CHILDREN, ADULTS] : [CHILDREN];
  return [...new Set(lists.flat())];
}

/** A UUIDv7, as the app makes them. */
function uuidv7(now: number): string {
  const bytes = randomBytes(16);
  bytes.writeUIntBE(now, 0, 6);
  bytes[6] = (bytes[6]! & 0x0f) | 0x70;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

interface Tables {
  organisation: { id: string; kind: string };
  learning_theme: {
    id: string;
    organisation_id: string;
    label: string;
    position: number;
    archived_at: string | null;
    created_at: string;
  };
}

export async function up(untyped: Kysely<unknown>): Promise<void> {
  const db = untyped as unknown as Kysely<Tables>;
  const withoutThemes = await db
    .selectFrom('organisation')
    .select(['organisation.id', 'organisation.kind'])
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('learning_theme')
            .select('learning_theme.id')
            .whereRef('learning_theme.organisation_id', '=', 'organisation.id'),
        ),
      ),
    )
    .execute();
  const now = Date.now();
  const at = new Date(now).toISOString();
  for (const org of withoutThemes) {
    const rows = labelsFor(org.kind).map((label, i) => ({
      id: uuidv7(now),
      organisation_id: org.id,
      label,
      position: i + 1,
      archived_at: null,
      created_at: at,
    }));
    await db.insertInto('learning_theme').values(rows).execute();
  }
}

export async function down(): Promise<void> {
  // Themes seeded here may since be on findings; they stay.
}
