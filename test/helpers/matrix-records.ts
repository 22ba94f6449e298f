import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createToken } from '../../src/features/accounts/tokens.service.js';
import { createRound } from '../../src/features/assessments/records/assessments.service.js';
import { saveMarkerRecord } from '../../src/features/assessments/records/marker-records.service.js';
import { addComment } from '../../src/features/assessments/comments/comments.service.js';
import { addEvidence } from '../../src/features/evidence/evidence.service.js';
import { loadFrameworkFiles } from '../../src/features/frameworks/framework.load.js';
import { FrameworkCatalogue } from '../../src/features/frameworks/frameworks.service.js';
import { importFrameworkFile } from '../../src/features/frameworks/imports.service.js';
import { invitePerson, makeResetLink } from '../../src/features/organisations/people.service.js';
import { createReview } from '../../src/features/reviews/reviews.service.js';
import { SCOPE_SECTIONS } from '../../src/features/reviews/scope.service.js';
import { addMember } from '../../src/features/reviews/team.service.js';
import { addAction } from '../../src/features/actions/actions-edit.service.js';
import { actionFormPage } from '../../src/features/actions/actions.service.js';
import { addFinding, findingFormPage } from '../../src/features/actions/findings.service.js';
import { listThemes } from '../../src/features/actions/themes.service.js';
import { paths } from '../../src/lib/paths.js';
import { londonDate } from '../../src/lib/uk-time.js';
import { recordDecision } from '../../src/features/referrals/decision.service.js';
import { addRequest } from '../../src/features/referrals/rapid-review.service.js';
import { createReferral } from '../../src/features/referrals/referrals.service.js';
import type { Fixture, Role } from '../authorization-matrix/index.js';
import type { TestApp } from './app.js';
import { insertPerson, type Person } from './client.js';

/**
 * Partnership A's records for the authorisation matrix (matrix-world.ts): a review with its team (the
 * member, the viewer and a spare person), a round with a saved marker record, evidence (a PDF and a
 * spare note), the member's comment, a finding, an action, bearer tokens for everyone (and a spare one
 * of the admin's), an invitation, a reset link and an imported framework in two versions. Answers the
 * fixture the matrix's path parameters are filled from.
 */

export const REVIEW_REFERENCE = 'MATRIX/1';

export type SignedInRole = Exclude<Role, 'anonymous'>;
type Partnership = { id: string; slug: string; name: string };

export async function addMatrixRecords(
  t: TestApp,
  people: Record<SignedInRole, Person>,
  a: Partnership,
  b: Partnership,
) {
  const db = t.testDb.db;
  const tokens = {} as Record<SignedInRole, string>;
  const spare = await insertPerson(db, a.id, 'member');
  const linkHolder = await insertPerson(db, a.id, 'member');

  const request = { ip: '127.0.0.1', userAgent: 'authorisation matrix' };
  const adminActor = { ...request, userId: people.admin.id, organisationId: a.id, partnershipRole: 'admin' as const };
  const catalogue = new FrameworkCatalogue(loadFrameworkFiles(paths.frameworks));
  const framework = catalogue.latest('scr-quality-markers')!;
  const marker = framework.stages[0]!.markers[0]!;

  const review = await createReview(
    db,
    adminActor,
    {
      reference: REVIEW_REFERENCE,
      title: 'The matrix review',
      subjectPseudonym: 'Child A',
      type: 'local-cspr',
      method: 'systems',
      methodOther: null,
    },
    framework,
  );
  for (const [person, role] of [
    [people.member, 'panel-member'],
    [people.viewer, 'observer'],
    [spare, 'panel-member'],
  ] as const) {
    const added = await addMember(db, adminActor, review.id, { userId: person.id, role });
    if (!added.ok) throw new Error(added.error);
  }
  const teamRow = (userId: string) =>
    db
      .selectFrom('review_member')
      .select('id')
      .where('review_id', '=', review.id)
      .where('user_id', '=', userId)
      .executeTakeFirstOrThrow();
  const round = await createRound(db, adminActor, review.id, { purpose: 'planning' }, framework);
  // Saved once, so version 1 is in the record's history (the restore row needs one).
  const ids = { reviewId: review.id, roundId: round.id, markerKey: marker.key };
  const saved = await saveMarkerRecord(db, adminActor, ids, 1, { rationale: 'First thoughts' });
  if (!saved.ok) throw new Error('marker record not saved');
  const memberActor = { ...adminActor, userId: people.member.id, partnershipRole: 'member' as const };
  const pdf = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
  const evidence = await addEvidence(db, adminActor, ids, {
    kind: 'file',
    title: 'Chronology',
    fileName: 'c.pdf',
    data: pdf,
  });
  const spareEvidence = await addEvidence(db, adminActor, ids, { kind: 'note', title: 'Spare', note: 'To delete' });
  const comment = await addComment(db, memberActor, ids, { body: 'A comment from the member', addressedTo: null });
  const findingPage = await findingFormPage(db, catalogue, adminActor, review.id);
  const finding = await addFinding(db, findingPage, adminActor, {
    kind: 'finding',
    text: 'A finding',
    markerKeys: [marker.key],
    themeIds: [],
  });
  const action = await addAction(db, await actionFormPage(db, catalogue, adminActor, review.id), adminActor, {
    kind: 'review-task',
    title: 'Send the letter to the family',
    description: '',
    findingId: null,
    markerKey: null,
    ownerUserId: null,
    ownerName: 'Business manager',
    agencies: [],
    dueDate: null,
    status: 'not-started',
    rag: null,
    supportingEvidence: '',
    criticalFriendComment: '',
    impactWhatChanged: '',
    impactHowWeKnow: '',
  });
  const theme = (await listThemes(db, a.id)).at(-1)!;

  // A child's notification with one agency summary requested, decided not to review (so its notices page
  // is there to be asked for); made by the admin, the business manager of the review above.
  const today = londonDate(new Date());
  const referral = await createReferral(
    db,
    adminActor,
    {
      route: 'serious-incident-notification',
      receivedOn: '2026-01-05',
      awareOn: null,
      sourceAgency: 'Police',
      subjectPseudonym: 'Child M',
      criteria: { seriousCase: 'yes' },
    },
    new Date(),
    today,
  );
  await addRequest(
    db,
    adminActor,
    referral.id,
    { agency: 'Health', requestedOn: '2026-01-06', workingDays: 5 },
    new Date(),
    today,
  );
  const decision = { outcome: 'no-lcspr', reasons: 'Matrix', criteria: {}, decidedOn: '2026-01-20' };
  await recordDecision(
    db,
    catalogue,
    adminActor,
    referral.id,
    1,
    { ...decision, decidedByRole: 'Partners', changeReason: null },
    new Date(),
    today,
  );
  const referralRequest = await db
    .selectFrom('referral_agency_request')
    .select('id')
    .where('referral_id', '=', referral.id)
    .executeTakeFirstOrThrow();

  const token = async (person: Person, organisationId: string, scopes: ('read' | 'write')[]) =>
    createToken(
      db,
      { organisationId, userId: person.id, name: 'matrix', scopes, expiresAt: null },
      { ...request, userId: person.id, organisationId },
    );
  tokens.viewer = (await token(people.viewer, a.id, ['read'])).token;
  tokens.member = (await token(people.member, a.id, ['read', 'write'])).token;
  tokens.admin = (await token(people.admin, a.id, ['read', 'write'])).token;
  tokens.otherAdmin = (await token(people.otherAdmin, b.id, ['read', 'write'])).token;
  const spareToken = await token(people.admin, a.id, ['read']);

  const invitation = await invitePerson(
    db,
    { ...adminActor, name: people.admin.name, organisationName: a.name },
    { name: 'Invited Person', email: 'invited@example.org', role: 'member' },
    t.config.publicUrl,
  );
  if (!invitation.ok) throw new Error('no invitation');
  const reset = await makeResetLink(db, adminActor, linkHolder.id, t.config.publicUrl);

  const fixtures = join(paths.projectRoot, 'test', 'fixtures', 'frameworks');
  for (const filename of ['local-v1.yaml', 'local-v2.yaml']) {
    const outcome = await importFrameworkFile(
      db,
      catalogue,
      a,
      { filename, bytes: readFileSync(join(fixtures, filename)) },
      { ...request, userId: people.admin.id, organisationId: a.id },
    );
    if (!outcome.ok) throw new Error(`import ${filename}: ${JSON.stringify(outcome.problems)}`);
  }

  const fixture: Fixture = {
    reviewId: review.id,
    roundId: round.id,
    markerKey: marker.key,
    questionKey: marker.questions[0]!.key,
    memberId: (await teamRow(people.member.id)).id,
    spareMemberId: (await teamRow(spare.id)).id,
    // The admin's own row: the review's only business manager, so removing it is refused (409).
    leadMemberId: (await teamRow(people.admin.id)).id,
    sectionKey: SCOPE_SECTIONS[0]!.key,
    userId: people.member.id,
    spareUserId: spare.id,
    tokenId: spareToken.id,
    invitationToken: invitation.url.split('/').pop()!,
    resetToken: reset.url.split('/').pop()!,
    setupToken: 'no-such-set-up-link',
    frameworkKey: framework.key,
    frameworkVersion: framework.version,
    frameworkMarker: marker.key,
    frameworkRange: `${framework.version}...${framework.version}`,
    importedKey: 'riverside-review-checks',
    importedVersion: '1.1.0',
    importedMarker: 'scope',
    importedRange: '1.0.0...1.1.0',
    partnershipSlug: a.slug,
    evidenceId: evidence.id,
    spareEvidenceId: spareEvidence.id,
    commentId: comment.id,
    findingId: finding.id,
    actionId: action.id,
    themeId: theme.id,
    referralId: referral.id,
    referralRequestId: referralRequest.id,
  };
  return { fixture, catalogue, tokens };
}
