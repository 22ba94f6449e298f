/**
 * Word lists for generated demo reviews, written for this project. Every person is a pseudonym ("Child A",
 * "Adult B") or a post ("Head of Safeguarding"), never a name. Sentences are put together from the parts
 * in demo.text.ts.
 */

export const CHILD_EVENTS = [
  'the death of an infant at home',
  'a serious head injury to a baby',
  'long-term neglect of three siblings',
  'the death of a teenager who was being exploited',
  'a serious assault on a young person in care',
  'the sudden unexpected death of an infant',
  'non-accidental injuries to a toddler',
  'a young person’s death by suicide',
  'serious harm to a child living with domestic abuse',
  'the sexual abuse of a child by a family member',
] as const;

export const ADULT_EVENTS = [
  'the death of an older man living alone',
  'self-neglect and a house fire',
  'financial abuse of a woman with dementia',
  'the death of a young adult leaving care',
  'neglect in a residential care home',
  'the death of a rough sleeper in winter',
  'serious harm to a man with a learning disability',
  'the death of a carer and the person she cared for',
] as const;

export const CHILD_AGENCIES = [
  'Children’s social care',
  'Police',
  'Health visiting',
  'GP practice',
  'Acute hospital trust',
  'School',
  'Early help',
  'Child and adolescent mental health services',
  'Housing',
  'Probation',
  'Youth justice service',
] as const;

export const ADULT_AGENCIES = [
  'Adult social care',
  'Police',
  'GP practice',
  'Community mental health team',
  'Acute hospital trust',
  'Ambulance service',
  'Housing',
  'Fire and rescue service',
  'Drug and alcohol service',
  'Care provider',
] as const;

export const POSTS = [
  'Head of Safeguarding',
  'Designated Nurse',
  'Detective Inspector, Public Protection',
  'Principal Social Worker',
  'Partnership Business Manager',
  'Learning and Development Lead',
  'Named GP for Safeguarding',
  'Service Manager, Early Help',
  'Quality Assurance Manager',
] as const;

export const ARTEFACTS = [
  'the merged chronology',
  'the police agency report',
  'the record of the practitioner event',
  'the scope document',
  'the note of the family meeting',
  'the rapid review',
  'the draft report',
] as const;

export const MET_OPENINGS = [
  'The panel agreed this was done well:',
  'Good practice here:',
  'This was met in full.',
  'The evidence shows this was done as the marker describes:',
] as const;

export const PARTLY_OPENINGS = [
  'Partly met.',
  'Some of this was done, but not all:',
  'The panel found gaps:',
  'Done late, and only in part:',
] as const;

export const NOT_MET_OPENINGS = ['Not met.', 'The panel agreed this was not done:', 'This is a clear gap:'] as const;

export const MET_DETAILS = [
  'every agency contributed to {artefact} on time and the chair checked it against the terms of reference.',
  'the lead reviewer met practitioners early and their views shaped the analysis.',
  '{subject}’s family were told about the review promptly and in a way they could follow.',
  'decisions were recorded with reasons and shared with the safeguarding partners.',
  '{artefact} was complete and checked for gaps before the panel met.',
  'the panel kept to the timetable and explained the one change to it.',
] as const;

export const GAP_DETAILS = [
  '{agency} did not send its records until after {artefact} was drafted.',
  'practitioners were invited late and some could not attend the learning event.',
  'the family were told of the review but were not offered a meeting until the draft was written.',
  'the reasons for the decision were not written down.',
  '{artefact} has gaps for the months before the incident.',
  'the timetable slipped twice without the partners being told why.',
  'the findings say what happened but not why it happened.',
  'there is no plan yet for checking whether practice has changed.',
] as const;

/** A learning theme's phrases, for findings and recommendations; others use GENERIC_THEME. */
export interface ThemeWords {
  practice: string;
  gap: string;
  change: string;
}

export const THEME_WORDS: Record<string, ThemeWords> = {
  'Information sharing': {
    practice: 'sharing what each agency knew',
    gap: 'agencies held pieces of information that were never put together in a chronology',
    change: 'a single route for sharing concerns between health, police and children’s social care',
  },
  Escalation: {
    practice: 'escalating disagreement',
    gap: 'practitioners disagreed with a decision but did not use the escalation policy',
    change: 'training and a simpler escalation route that practitioners know and use',
  },
  'Voice of the child': {
    practice: 'hearing the child',
    gap: 'the child was seen but rarely spoken to alone, so their daily life was not understood',
    change: 'recording, in every assessment, what the child said and how they were seen',
  },
  'Professional curiosity': {
    practice: 'professional curiosity',
    gap: 'explanations were accepted without checking, even when they did not match what was seen',
    change: 'supervision that asks practitioners what they have checked and how',
  },
  Neglect: {
    practice: 'recognising neglect',
    gap: 'the cumulative effect of neglect was not seen because each episode was judged alone',
    change: 'a neglect assessment tool used by every agency, with a shared chronology',
  },
  'Domestic abuse': {
    practice: 'responding to domestic abuse',
    gap: 'incidents of domestic abuse were not linked to the risk to the child or adult',
    change: 'referral routes that make the link between domestic abuse and the person at risk',
  },
  'Self-neglect': {
    practice: 'working with self-neglect',
    gap: 'the person’s refusals were accepted as choice without exploring why',
    change: 'a self-neglect protocol with a multi-agency risk meeting',
  },
  'Mental capacity': {
    practice: 'assessing mental capacity',
    gap: 'capacity was assumed for decisions where it should have been assessed',
    change: 'decision-specific capacity assessments recorded in every agency',
  },
  'Making Safeguarding Personal': {
    practice: 'making safeguarding personal',
    gap: 'the person was not asked what outcome they wanted from the safeguarding enquiry',
    change: 'asking and recording the person’s wishes at the start of every enquiry',
  },
  'Parental mental health': {
    practice: 'understanding parental mental health',
    gap: 'adult mental health services did not consider what the parent’s illness meant for the children',
    change: 'a question about children in the home in every adult mental health assessment',
  },
  'Substance misuse': {
    practice: 'responding to parental substance misuse',
    gap: 'drug and alcohol use was recorded but its effect on care of the child was not assessed',
    change: 'joint visits by the drug and alcohol service and the allocated social worker',
  },
  Exploitation: {
    practice: 'recognising exploitation',
    gap: 'the young person was seen as choosing risk rather than as a victim of exploitation',
    change: 'a contextual safeguarding approach and language guidance for all agencies',
  },
  'Multi-agency working': {
    practice: 'multi-agency working',
    gap: 'meetings were held without the agencies who knew the family best',
    change: 'core group meetings that every involved agency attends or reports to',
  },
  'Recognising and responding to risk': {
    practice: 'recognising risk',
    gap: 'new information was not used to revisit the risk assessment',
    change: 'a review of the risk assessment whenever a significant event is reported',
  },
  'Assessment and planning': {
    practice: 'assessment and planning',
    gap: 'plans listed services rather than the changes needed for the child',
    change: 'plans with outcomes that say what will be different for the child, and by when',
  },
  'Supervision and management oversight': {
    practice: 'management oversight',
    gap: 'supervision focused on tasks and did not challenge drift in the plan',
    change: 'reflective supervision with a record of the decisions made',
  },
  'Think family': {
    practice: 'thinking family',
    gap: 'each agency worked with one member of the family and missed how their needs affected each other',
    change: 'whole-family assessments shared between adult and children’s services',
  },
  'Transition to adulthood': {
    practice: 'planning the move to adult services',
    gap: 'support stopped at eighteen before adult services had started',
    change: 'transition planning from the age of fourteen, with a named lead',
  },
  Homelessness: {
    practice: 'safeguarding people who are homeless',
    gap: 'the person’s repeated contact with services was not seen as a sign of growing risk',
    change: 'a multi-agency risk meeting for people sleeping rough with care and support needs',
  },
  'Organisational abuse': {
    practice: 'recognising organisational abuse',
    gap: 'concerns about the care home were dealt with one at a time and no pattern was seen',
    change: 'sharing of provider concerns between commissioners, regulators and safeguarding teams',
  },
  'Financial abuse': {
    practice: 'responding to financial abuse',
    gap: 'bank and care staff noticed unusual withdrawals but no one raised a concern',
    change: 'guidance for staff on spotting and reporting financial abuse',
  },
  Carers: {
    practice: 'supporting carers',
    gap: 'the carer’s own needs were not assessed, though they were struggling to cope',
    change: 'a carer’s assessment offered whenever the cared-for person is assessed',
  },
};

export const GENERIC_THEME: ThemeWords = {
  practice: 'joint working',
  gap: 'agencies worked alongside each other rather than together, and no one held the whole picture',
  change: 'a multi-agency plan with one named lead',
};

export const SCOPE_TEXT = {
  period: 'From {from} to {to}, the date of the incident.',
  'lines-of-enquiry':
    'How well did agencies share what they knew about {subject}? Were risks recognised and acted on? What was it like for {subject} day to day?',
  agencies: '{agencies}.',
  family: '{subject}’s family will be invited to meet the lead reviewer and to read the draft report.',
} as const;

export const IMPACT_WHAT = [
  'Referrals now include the child’s own words in most cases audited.',
  'Practitioners use the escalation route: twelve cases escalated this year, up from two.',
  'Audit shows chronologies shared within five working days in nine of ten cases.',
  'Supervision records now show what was checked and how.',
] as const;

export const IMPACT_HOW = [
  'A multi-agency case audit of twenty cases, reported to the partnership’s quality group.',
  'A practitioner survey before and after the training.',
  'Performance data reviewed quarterly by the learning subgroup.',
] as const;

export const NOT_TAKEN_FORWARD_REASONS = [
  'The criteria were not met: agencies worked well together and the learning is single-agency.',
  'The learning is being taken forward through the agency’s own review and a briefing.',
  'A review of a similar case is already under way and will cover this learning.',
] as const;
