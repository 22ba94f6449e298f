/** Table types. Timestamps are ISO-8601 UTC text in both dialects; ids are UUIDv7 text; flags are 0/1. */
import type { Generated } from 'kysely';

export type Role = 'admin' | 'member' | 'viewer';

export interface OrganisationTable {
  id: string;
  slug: string;
  name: string;
  /** children (safeguarding children partnership), adults (safeguarding adults board) or both */
  kind: 'children' | 'adults' | 'both';
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
  /** The board's target for completing a safeguarding adult review, in months from the decision; null: 6 */
  sar_target_months: number | null;
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

/**
 * user_account.totp_last_step (migration 2026-11-25T0200): the last TOTP time-step a person used, so a code
 * works once. Kept apart from UserAccountTable while code builds whole user_account rows without it; the
 * two-factor repository reads and writes it through `db.withTables<UserAccountTotpColumns>()`.
 */
export type UserAccountTotpColumns = {
  user_account: { totp_last_step: number | null };
};

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
  /** Where it came from: an IPv4 address or an IPv6 /64 prefix (migration 2026-12-07T0100); null before */
  address: string | null;
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

export type ReviewType = 'rapid-review' | 'local-cspr' | 'national-cspr' | 'scr' | 'sar' | 'dhr' | 'other';
export type ReviewStatus = 'set-up' | 'running' | 'outputs' | 'complete' | 'archived';
export type ReviewRole = 'chair' | 'business-manager' | 'lead-reviewer' | 'panel-member' | 'observer';
export type RoundPurpose = 'planning' | 'in-review' | 'retrospective';
export type RoundStatus = 'open' | 'awaiting-sign-off' | 'approved';
export type MarkerStatus = 'not-started' | 'in-progress' | 'ready-for-sign-off' | 'completed';
export type Answer = 'yes' | 'partly' | 'no' | 'not-yet-known' | 'not-applicable';

export interface ReviewTable {
  id: string;
  organisation_id: string;
  reference: string;
  title: string;
  /** A pseudonym such as "Child A": never a real name */
  subject_pseudonym: string;
  type: ReviewType;
  method: string;
  method_other: string | null;
  framework_key: string;
  framework_version: string;
  status: ReviewStatus;
  awareness_date: string | null;
  incident_date: string | null;
  notification_date: string | null;
  rapid_review_date: string | null;
  decision_date: string | null;
  reviewer_appointed_date: string | null;
  draft_report_date: string | null;
  final_report_date: string | null;
  publication_date: string | null;
  /** Adults: the date the safeguarding adult review referral was received */
  referral_date: string | null;
  /** Children: the date the national Panel responded to the rapid review */
  panel_response_date: string | null;
  /** Children: the date the Panel (and Ofsted and DfE) were told of the decision and the reviewer */
  panel_told_date: string | null;
  /** Children: the date the final report was sent to the Panel and the Secretary of State */
  report_sent_date: string | null;
  version: number;
  created_at: string;
  created_by: string | null;
  updated_at: string;
  updated_by: string | null;
}

/** An extension agreed, or a pause, against one clock of one review (features/reviews/clocks). */
export interface ReviewClockChangeTable {
  id: string;
  organisation_id: string;
  review_id: string;
  /** The clock's key in the review type's table, e.g. 'rapid-review' */
  clock_key: string;
  kind: 'extension' | 'pause';
  new_due_date: string | null;
  /** Who agreed, as a body or role ("the Panel", "the board"): never a person's name required */
  agreed_by: string | null;
  agreed_on: string | null;
  paused_from: string | null;
  /** null while the pause is open */
  paused_to: string | null;
  reason: string;
  created_at: string;
  created_by: string | null;
}

/**
 * Derived (migration 2026-12-07T2100): each started statutory step of a review that has a deadline, worked
 * out by reviews/clocks/steps.ts. Triggers mark a review in review_clock_stale whenever its type, key dates,
 * extensions or pauses, or its partnership's SAR target change; readers refresh the marked reviews first.
 */
export interface ReviewClockStepTable {
  organisation_id: string;
  review_id: string;
  clock_key: string;
  review_type: ReviewType;
  /** The deadline the rule gives */
  original_due: string;
  /** The deadline in force after extensions and closed pauses */
  due: string;
  done: string | null;
  /** The start of the earliest pause still open, if any */
  paused_since: string | null;
}

/** Derived (migration 2026-12-07T2100): a round's judgements as "marker=judgement;…", kept by triggers. */
export interface RoundJudgementsTable {
  round_id: string;
  organisation_id: string;
  judgements: string;
}

/**
 * Reviews whose review_clock_step rows are out of date. The token is new at every change (migration
 * 2026-12-08T0300), so a reader clears a mark only if nothing changed since it read it.
 */
export interface ReviewClockStaleTable {
  review_id: string;
  organisation_id: string;
  token: string;
}

/** Derived (migration 2026-12-08T0100): reviews whose share of learning_summary is out of date. */
export interface LearningStaleTable {
  review_id: string;
  organisation_id: string;
  /** New at every change, so a reader clears the mark only if nothing changed since it read the review */
  token: string;
}

/** Derived (migration 2026-12-08T0100): what one review adds to learning_summary, as JSON. */
export interface LearningReviewPartTable {
  review_id: string;
  organisation_id: string;
  parts: string;
}

/**
 * Derived (migration 2026-12-08T0100): the learning dashboard's figures added up across a partnership's
 * reviews by the filters' dimensions; fact names what is counted, a to d its keys ('' when unused).
 */
export interface LearningSummaryTable {
  organisation_id: string;
  fact: string;
  a: string;
  b: string;
  c: string;
  d: string;
  review_type: string;
  review_status: string;
  framework_key: string;
  /** '' when the review has no such date */
  decision_year: string;
  publication_year: string;
  n: number;
}

export interface ReviewMemberTable {
  id: string;
  organisation_id: string;
  review_id: string;
  user_id: string;
  role: ReviewRole;
  created_at: string;
}

export interface ReviewScopeTable {
  id: string;
  organisation_id: string;
  review_id: string;
  section: string;
  text: string;
  version: number;
  updated_at: string;
  updated_by: string | null;
}

export interface AssessmentRoundTable {
  id: string;
  organisation_id: string;
  review_id: string;
  number: number;
  purpose: RoundPurpose;
  status: RoundStatus;
  /** JSON: the judgement scale copied from the framework when the round began */
  scale: string;
  /** The version of the review's framework the round was made with (migration 2026-11-26T0500) */
  framework_version: string;
  copied_from: string | null;
  sent_for_sign_off_at: string | null;
  sent_for_sign_off_by: string | null;
  decided_at: string | null;
  decided_by: string | null;
  decision_comment: string | null;
  version: number;
  created_at: string;
  created_by: string | null;
  /** The date the round's panel next meets, if set (migration 2026-12-07T1610) */
  meeting_on: string | null;
}

export interface MarkerRecordTable {
  id: string;
  organisation_id: string;
  round_id: string;
  marker_key: string;
  judgement: string;
  status: MarkerStatus;
  rationale: string;
  owner_user_id: string | null;
  version: number;
  updated_at: string;
  updated_by: string | null;
}

export interface QuestionResponseTable {
  id: string;
  organisation_id: string;
  round_id: string;
  marker_key: string;
  question_key: string;
  answer: Answer | null;
  note: string;
  version: number;
  updated_at: string;
  updated_by: string | null;
}

export interface EvidenceTable {
  id: string;
  organisation_id: string;
  round_id: string;
  marker_key: string;
  kind: 'link' | 'note' | 'file';
  title: string;
  url: string | null;
  note: string | null;
  file_name: string | null;
  content_type: string | null;
  size_bytes: number | null;
  sha256: string | null;
  content: Buffer | null;
  created_at: string;
  created_by: string | null;
  deleted_at: string | null;
}

export interface CommentTable {
  id: string;
  organisation_id: string;
  round_id: string;
  marker_key: string;
  body: string;
  author_id: string | null;
  created_at: string;
  edited_at: string | null;
  resolved_at: string | null;
  resolved_by: string | null;
  version: number;
  /** Someone on the review's team the comment asks, or null (migration 2026-12-07T1600) */
  addressed_to: string | null;
}

export interface RevisionTable {
  id: string;
  organisation_id: string;
  record_type: string;
  record_id: string;
  version: number;
  /** JSON of the record as it was at this version */
  data: string;
  changed_at: string;
  changed_by: string | null;
}

export type FindingKind = 'finding' | 'recommendation';
export type ActionKind = 'review-task' | 'improvement';
export type ActionStatus = 'not-started' | 'in-progress' | 'completed' | 'cancelled';
export type Rag = 'red' | 'amber' | 'green';
export type WrittenResponseStatus = 'draft' | 'agreed';

/** A partnership-editable list of learning themes, seeded with common ones */
export interface LearningThemeTable {
  id: string;
  organisation_id: string;
  label: string;
  position: number;
  archived_at: string | null;
  created_at: string;
}

/** A finding or recommendation of a review, numbered within its kind */
export interface FindingTable {
  id: string;
  organisation_id: string;
  review_id: string;
  kind: FindingKind;
  number: number;
  text: string;
  version: number;
  created_at: string;
  created_by: string | null;
  updated_at: string;
  updated_by: string | null;
}

export interface FindingMarkerTable {
  finding_id: string;
  organisation_id: string;
  marker_key: string;
}

export interface FindingThemeTable {
  finding_id: string;
  organisation_id: string;
  theme_id: string;
}

/** A review task (running the review) or an improvement action (from a finding), numbered within its review */
export interface ActionTable {
  id: string;
  organisation_id: string;
  review_id: string;
  kind: ActionKind;
  number: number;
  finding_id: string | null;
  marker_key: string | null;
  title: string;
  description: string;
  owner_user_id: string | null;
  /** Who owns it, as people know them (a person or a post); may name someone without an account */
  owner_name: string;
  /** JSON array of agency names */
  agencies: string;
  due_date: string | null;
  status: ActionStatus;
  rag: Rag | null;
  supporting_evidence: string;
  critical_friend_comment: string;
  /** Impact evaluation: what changed for children and families */
  impact_what_changed: string;
  /** Impact evaluation: how we know */
  impact_how_we_know: string;
  completed_at: string | null;
  version: number;
  created_at: string;
  created_by: string | null;
  updated_at: string;
  updated_by: string | null;
}

export interface ActionProgressTable {
  id: string;
  organisation_id: string;
  action_id: string;
  note: string;
  created_at: string;
  created_by: string | null;
}

/** The partnership's written response to a review (the Board written response marker) */
export interface WrittenResponseTable {
  id: string;
  organisation_id: string;
  review_id: string;
  text: string;
  status: WrittenResponseStatus;
  agreed_at: string | null;
  agreed_by: string | null;
  version: number;
  updated_at: string;
  updated_by: string | null;
}

export interface WrittenResponseActionTable {
  response_id: string;
  organisation_id: string;
  action_id: string;
}

/** The partnership's logo for reports: PNG or sanitised SVG */
export interface OrganisationLogoTable {
  organisation_id: string;
  content_type: 'image/png' | 'image/svg+xml';
  content: Buffer;
  sha256: string;
  updated_at: string;
  updated_by: string | null;
}

/** A kind of notification one person has turned off (features/notifications; migration 2026-12-07T1300). */
export interface NotificationOptOutTable {
  user_id: string;
  kind: string;
  created_at: string;
}

/** One person's daily digest for one UK day, claimed before the email is sent (sent_at once it was). */
export interface NotificationDigestTable {
  user_id: string;
  /** The UK calendar date, YYYY-MM-DD. */
  day: string;
  created_at: string;
  item_count: number;
  sent_at: string | null;
}

/** One move of a review's status (features/reviews/status; migration 2026-12-07T1520). */
export interface ReviewStatusChangeTable {
  id: string;
  organisation_id: string;
  review_id: string;
  from_status: ReviewStatus;
  to_status: ReviewStatus;
  reason: string | null;
  /** What the rule found missing when a partnership admin moved the review anyway */
  overridden: string | null;
  /** When the terms of reference were agreed, recorded on the move to running */
  terms_agreed_on: string | null;
  changed_at: string;
  changed_by: string | null;
}

export type PublicationDecision = 'full' | 'improvements-only' | 'not-published' | 'delayed';

/** A review's publication record (features/publication; migration 2026-12-07T1520). Roles, never names. */
export interface PublicationTable {
  id: string;
  organisation_id: string;
  review_id: string;
  decision: PublicationDecision | null;
  decision_reasons: string;
  decided_by: string | null;
  decided_on: string | null;
  legal_check_on: string | null;
  legal_check_by: string | null;
  family_told_on: string | null;
  copies_sent_on: string | null;
  embargo_until: string | null;
  published_on: string | null;
  published_url: string | null;
  online_until: string | null;
  deposited_on: string | null;
  version: number;
  updated_at: string;
  updated_by: string | null;
}

/** A briefing or learning event held to share a review's learning. */
export interface PublicationEventTable {
  id: string;
  organisation_id: string;
  review_id: string;
  held_on: string;
  description: string;
  created_at: string;
  created_by: string | null;
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
  review: ReviewTable;
  review_member: ReviewMemberTable;
  review_clock_change: ReviewClockChangeTable;
  review_clock_step: ReviewClockStepTable;
  review_clock_stale: ReviewClockStaleTable;
  round_judgements: RoundJudgementsTable;
  learning_stale: LearningStaleTable;
  learning_review_part: LearningReviewPartTable;
  learning_summary: LearningSummaryTable;
  review_scope: ReviewScopeTable;
  assessment_round: AssessmentRoundTable;
  marker_record: MarkerRecordTable;
  question_response: QuestionResponseTable;
  evidence: EvidenceTable;
  comment: CommentTable;
  revision: RevisionTable;
  learning_theme: LearningThemeTable;
  finding: FindingTable;
  finding_marker: FindingMarkerTable;
  finding_theme: FindingThemeTable;
  action: ActionTable;
  action_progress: ActionProgressTable;
  written_response: WrittenResponseTable;
  written_response_action: WrittenResponseActionTable;
  organisation_logo: OrganisationLogoTable;
  notification_opt_out: NotificationOptOutTable;
  notification_digest: NotificationDigestTable;
  review_status_change: ReviewStatusChangeTable;
  publication: PublicationTable;
  publication_event: PublicationEventTable;
  referral: ReferralTable;
  referral_agency_request: ReferralAgencyRequestTable;
  referral_conversion: ReferralConversionTable;
  search_document: SearchDocumentTable;
  review_reviewer_named: ReviewReviewerNamedTable;
}

/** Children: the reviewer the Panel was told of (a professional's name, not a subject's). */
export interface ReviewReviewerNamedTable {
  review_id: string;
  organisation_id: string;
  reviewer_name: string;
  updated_at: string;
  updated_by: string | null;
}

/** A serious incident notification (children) or s44 referral (adults) and what became of it. */
export interface ReferralTable {
  id: string;
  organisation_id: string;
  route: 'serious-incident-notification' | 's44-referral';
  received_on: string;
  /** When the local authority became aware (children), if known. */
  aware_on: string | null;
  source_agency: string;
  /** A pseudonym such as "Child A": never a real name */
  subject_pseudonym: string;
  /** JSON: each criterion considered and its answer (features/referrals/referrals.options.ts). */
  criteria: string;
  safety_actions: string | null;
  meeting_on: string | null;
  submitted_on: string | null;
  panel_response_on: string | null;
  panel_response: string | null;
  outcome: string | null;
  reasons: string | null;
  /** JSON: the criteria the decision rests on (regulation 11, or the s44 conditions), each with its reason. */
  decision_criteria: string | null;
  decided_on: string | null;
  decided_by_role: string | null;
  /** Why a decision was changed after its review had started (an admin's). */
  decision_change_reason: string | null;
  /** Why the referral's details were changed after its review had started (an admin's). */
  details_change_reason: string | null;
  told_panel_on: string | null;
  told_ofsted_on: string | null;
  told_dfe_on: string | null;
  version: number;
  created_at: string;
  created_by: string | null;
  updated_at: string;
  updated_by: string | null;
}

/** A rapid review's request to one agency for its summary. */
export interface ReferralAgencyRequestTable {
  id: string;
  organisation_id: string;
  referral_id: string;
  agency: string;
  requested_on: string;
  due_on: string;
  chased_on: string | null;
  received_on: string | null;
  created_at: string;
}

/** The review a referral's decision created: one per referral (the primary key), one referral per review. */
export interface ReferralConversionTable {
  referral_id: string;
  organisation_id: string;
  review_id: string;
  created_at: string;
  created_by: string | null;
}

/**
 * One piece of searchable text of a review, kept in step with its source row by database triggers
 * (migration 2026-12-07T1710); SQLite indexes `body` in the FTS5 table search_fts, PostgreSQL in the
 * generated column `tsv` (not listed: nothing writes it). Read by features/search only.
 */
export interface SearchDocumentTable {
  id: Generated<number>;
  organisation_id: string;
  review_id: string;
  /** The source table */
  source: string;
  source_id: string;
  /** finding, recommendation, action, scope, evidence, comment, rationale or note */
  kind: string;
  round_id: string | null;
  marker_key: string | null;
  /** A note's question key, or a scope's section */
  detail: string | null;
  body: string;
}
