import type { MarkerStatus } from '../../../db/schema.js';
import { ANSWERS, isJudged, MARKER_STATUSES, NO_JUDGEMENT } from './assessments.options.js';

/**
 * The rules for changing a marker record, written once and applied by every way a change comes: the
 * marker page's form (assessments.form.ts), meeting mode (meeting.routes.ts) and the service that saves
 * (marker-records.service.ts, so the API too). Each form keeps its own words where they differ; the rule
 * and its shared message live here.
 */

/** The longest rationale or note a person may write. */
export const MAX_TEXT = 20_000;

/** The message when a rationale or note is longer than MAX_TEXT, named by the form's own word for it. */
export function tooLong(what: string, text: string): string | undefined {
  return text.length > MAX_TEXT ? `${what} must be ${MAX_TEXT.toLocaleString('en-GB')} characters or fewer` : undefined;
}

/** An answer is none at all or one of ANSWERS. */
export function answerProblem(answer: string): string | undefined {
  return answer && !(answer in ANSWERS) ? 'Select an answer' : undefined;
}

export function isMarkerStatus(status: string): status is MarkerStatus {
  return status in MARKER_STATUSES;
}

/**
 * A judgement a change may set: one on the round's scale, or "no judgement" left as it was. Nobody can
 * choose "no judgement" for a marker that has one; a scale that has "not yet assessed" offers that instead.
 */
export function acceptableJudgement(value: string, original: string, scaleKeys: readonly string[]): boolean {
  return scaleKeys.includes(value) || (value === NO_JUDGEMENT && original === NO_JUDGEMENT);
}

/** Progress that says the work on a marker is done, which a marker can reach only with a judgement. */
export function needsJudgement(status: string): boolean {
  return status === 'ready-for-sign-off' || status === 'completed';
}

type Progress = { status: string; judgement: string };

/** Whether a form changes the marker's progress or its judgement. */
export const progressChanged = (value: Progress, original: Progress) =>
  value.status !== original.status || value.judgement !== original.judgement;

/**
 * Ready for sign-off or completed needs a judgement: the message when a change would leave the marker
 * so with none, undefined otherwise. Checked only when the change touches progress or judgement
 * (`changing`), so a record that is already so (from before the rule, or imported) can still have its
 * rationale or answers edited.
 */
export function judgementNeeded(after: Progress, changing: boolean): string | undefined {
  if (!changing || !needsJudgement(after.status) || isJudged(after.judgement)) return undefined;
  return `Select a judgement before marking this marker as ${after.status === 'completed' ? 'completed' : 'ready for sign-off'}`;
}

type Reasoned = { judgement: string; rationale: string };

/** Whether a form changes the marker's judgement or the reason given for it. */
export const reasonChanged = (value: Reasoned, original: Reasoned) =>
  value.judgement !== original.judgement || value.rationale !== original.rationale;

/**
 * A judgement (met, partly met, not met: anything on the scale but "not yet assessed" or none) needs a
 * rationale: the message when a change would leave the marker judged with none, undefined otherwise.
 * Checked only when the change touches the judgement or the rationale (`changing`), so a record judged
 * with no rationale (from before the rule, or imported) can still have its answers or progress edited.
 */
export function rationaleNeeded(after: Reasoned, changing: boolean): string | undefined {
  if (!changing || !isJudged(after.judgement) || after.rationale.trim()) return undefined;
  return 'Enter why you reached this judgement';
}

/** A marker's owner is nobody or a person on the review's team: never free text, nor someone of another partnership. */
export function possibleOwner(owner: string | null, teamIds: readonly string[]): boolean {
  return owner === null || teamIds.includes(owner);
}
