/** Table types. Timestamps are ISO-8601 UTC text in both dialects; ids are UUIDv7 text; flags are 0/1. */

export type Role = 'admin' | 'member' | 'viewer';

export interface OrganisationTable {
  id: string;
  slug: string;
  name: string;
  /** children (safeguarding children partnership) or adults (safeguarding adults board) */
  kind: 'children' | 'adults';
  require_two_factor: number;
  oidc_issuer: string | null;
  oidc_client_id: string | null;
  oidc_client_secret: string | null;
  /** Comma-separated e-mail domains allowed to sign in through single sign-on */
  oidc_allowed_domains: string | null;
  /** The claim holding the person's groups, e.g. "groups" */
  oidc_role_claim: string | null;
  oidc_admin_group: string | null;
  oidc_viewer_group: string | null;
  created_at: string;
  updated_at: string | null;
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

export interface UserAccountTable {
  id: string;
  /** Lower-case */
  email: string;
  name: string;
  /** scrypt hash with its parameters; null for people who only use single sign-on */
  password_hash: string | null;
  totp_secret: string | null;
  totp_enabled_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface MembershipTable {
  id: string;
  organisation_id: string;
  user_id: string;
  role: Role;
  disabled_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface SessionTable {
  /** SHA-256 of the cookie value: a leaked table cannot be replayed */
  id_hash: string;
  user_id: string;
  organisation_id: string | null;
  second_factor_pending: number;
  created_at: string;
  last_seen_at: string;
  /** Absolute expiry (12 hours after sign-in) */
  expires_at: string;
}

export interface RecoveryCodeTable {
  id: string;
  user_id: string;
  code_hash: string;
  used_at: string | null;
  created_at: string;
}

export type OneTimeLinkPurpose = 'setup' | 'invite' | 'reset';

export interface OneTimeLinkTable {
  id: string;
  token_hash: string;
  purpose: OneTimeLinkPurpose;
  organisation_id: string | null;
  user_id: string | null;
  email: string | null;
  name: string | null;
  role: Role | null;
  created_by: string | null;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

export interface SignInAttemptTable {
  id: string;
  email_key: string;
  succeeded: number;
  at: string;
}

export interface ApiTokenTable {
  id: string;
  organisation_id: string;
  user_id: string;
  name: string;
  token_hash: string;
  /** Comma-separated: read, write */
  scopes: string;
  created_at: string;
  expires_at: string | null;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface AuditEventTable {
  id: string;
  seq: number;
  at: string;
  organisation_id: string | null;
  user_id: string | null;
  action: string;
  object_type: string | null;
  object_id: string | null;
  ip: string | null;
  user_agent: string | null;
  /** JSON of non-content facts (a role, a scope); never review content */
  detail: string | null;
  prev_hash: string;
  hash: string;
}

export interface AuditHeadTable {
  id: number;
  seq: number;
  hash: string;
}

export interface Database {
  organisation: OrganisationTable;
  framework: FrameworkTable;
  user_account: UserAccountTable;
  membership: MembershipTable;
  session: SessionTable;
  recovery_code: RecoveryCodeTable;
  one_time_link: OneTimeLinkTable;
  sign_in_attempt: SignInAttemptTable;
  api_token: ApiTokenTable;
  audit_event: AuditEventTable;
  audit_head: AuditHeadTable;
}
