import type { Db } from '../../src/db/create-db.js';
import { addAction } from '../../src/features/actions/actions-edit.service.js';
import { actionFormPage } from '../../src/features/actions/actions.service.js';
import { addFinding, findingFormPage } from '../../src/features/actions/findings.service.js';
import { createRound } from '../../src/features/assessments/records/assessments.service.js';
import { defaultMarkerKeys } from '../../src/features/assessments/rounds/round-markers.js';
import { loadFrameworkFiles } from '../../src/features/frameworks/framework.load.js';
import { FrameworkCatalogue } from '../../src/features/frameworks/frameworks.service.js';
import { createReview } from '../../src/features/reviews/reviews.service.js';
import { addMember } from '../../src/features/reviews/team.service.js';
import { paths } from '../../src/lib/paths.js';
import { londonDate } from '../../src/lib/uk-time.js';
import { addCalendarDays } from '../../src/lib/working-days.js';
import type { Session } from '../support/browser.js';
import { PlainPage } from './pages/base.js';
import type { Partnership } from './support.js';

// A review made through the services, as its pages would make it, for specs whose journey starts with a
// review already running (its own spec walks the pages that start one).

const framework = () => new FrameworkCatalogue(loadFrameworkFiles(paths.frameworks)).latest('scr-quality-markers')!;

/** The partnership's lead, as the services see them: they start reviews, so are their business manager. */
export function leadActor(p: Partnership) {
  return { userId: p.lead.id, organisationId: p.id, partnershipRole: 'member' as const, ip: null, userAgent: null };
}

export interface SeededReviewInput {
  reference: string;
  title: string;
  subjectPseudonym: string;
  method: string;
}

/** A local child safeguarding practice review started by the lead, with the chair and the panel member on its team. */
export async function seedReview(db: Db, p: Partnership, input: SeededReviewInput): Promise<string> {
  const actor = leadActor(p);
  const review = await createReview(db, actor, { ...input, type: 'local-cspr', methodOther: null }, framework());
  for (const [person, role] of [
    [p.chair, 'chair'],
    [p.panel, 'panel-member'],
  ] as const) {
    const added = await addMember(db, actor, review.id, { userId: person.id, role });
    if (!added.ok) throw new Error(added.error);
  }
  return review.id;
}

/** Starts the review's first round, for planning, with the markers the form offers for it (not the last stage's). */
export async function seedPlanningRound(db: Db, p: Partnership, reviewId: string): Promise<string> {
  const scr = framework();
  const markers = defaultMarkerKeys(scr, 'planning');
  return (await createRound(db, leadActor(p), reviewId, { purpose: 'planning', markers }, scr)).id;
}

/** A page given by its path and heading (the actions specs open many such pages). */
export const ON = (s: Session, path: string, heading: string, status = 200) => new PlainPage(s, path, heading, status);

/**
 * Finding 1 of the review and improvement action 1 from it ("Refresh the escalation policy", overdue), as
 * the actions journey of actions.spec.ts records them through the pages.
 */
export async function seedFindingAndAction(db: Db, p: Partnership, reviewId: string): Promise<void> {
  const catalogue = new FrameworkCatalogue(loadFrameworkFiles(paths.frameworks));
  const actor = leadActor(p);
  const finding = await addFinding(db, await findingFormPage(db, catalogue, actor, reviewId), actor, {
    kind: 'finding',
    text: 'Concerns about neglect were not escalated when the plan drifted.',
    markerKeys: ['referral'],
    themeIds: [],
  });
  await addAction(db, await actionFormPage(db, catalogue, actor, reviewId), actor, {
    kind: 'improvement',
    title: 'Refresh the escalation policy',
    description: '',
    findingId: finding.id,
    markerKey: null,
    ownerUserId: null,
    ownerName: 'Head of safeguarding',
    agencies: ['Police', 'Health'],
    dueDate: addCalendarDays(londonDate(new Date()), -7),
    status: 'in-progress',
    rag: 'amber',
    supportingEvidence: '',
    criticalFriendComment: '',
    impactWhatChanged: '',
    impactHowWeKnow: '',
  });
}
