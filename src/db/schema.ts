/** Table types. Timestamps are ISO-8601 UTC text in both dialects; ids are UUIDv7 text. */

export interface OrganisationTable {
  id: string;
  slug: string;
  name: string;
  /** children (safeguarding children partnership) or adults (safeguarding adults board) */
  kind: 'children' | 'adults';
  created_at: string;
}

/** A framework imported by one partnership; built-in frameworks are read from frameworks/*.yaml. */
export interface FrameworkTable {
  id: string;
  organisation_id: string;
  key: string;
  version: string;
  title: string;
  /** The validated framework as JSON text */
  content: string;
  /** SHA-256 of the content */
  hash: string;
  created_at: string;
  created_by: string | null;
}

export interface Database {
  organisation: OrganisationTable;
  framework: FrameworkTable;
}
