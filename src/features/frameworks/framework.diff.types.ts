/** What diffFrameworks (framework.diff.ts) answers: the changes between two versions of a framework. */

export interface TextChange {
  /** "title", "statement", "rationale", "guidance: Why it matters", … */
  field: string;
  from: string;
  to: string;
}

export interface StageRef {
  key: string;
  title: string;
}

export interface MarkerRef {
  key: string;
  number: number;
  title: string;
  stage: StageRef;
}

export interface QuestionRef {
  key: string;
  number: number;
  text: string;
  marker: { key: string; number: number; title: string };
}

export interface OptionChanges {
  added: { key: string; label: string }[];
  removed: { key: string; label: string }[];
  relabelled: { key: string; from: string; to: string }[];
}

export interface FrameworkDiff {
  key: string;
  from: string;
  to: string;
  framework: TextChange[];
  audiences: OptionChanges;
  scale: OptionChanges;
  stages: {
    added: StageRef[];
    removed: StageRef[];
    changed: (StageRef & { changes: TextChange[] })[];
    moved: (StageRef & { fromPosition: number; toPosition: number })[];
  };
  markers: {
    added: MarkerRef[];
    removed: MarkerRef[];
    changed: (MarkerRef & { changes: TextChange[] })[];
    moved: { key: string; title: string; from: MarkerRef; to: MarkerRef }[];
  };
  questions: {
    /** With the origin the question has in the newer version, if it says */
    added: (QuestionRef & { origin?: string })[];
    removed: QuestionRef[];
    reworded: (QuestionRef & { from: string })[];
    audiences: (QuestionRef & { added: string[]; removed: string[] })[];
    /** Where a question comes from (published, adapted, added) was set or changed; "" when not given */
    origins: (QuestionRef & { from: string; to: string })[];
    moved: { key: string; text: string; from: QuestionRef; to: QuestionRef }[];
  };
  /** Total number of changes listed above. */
  count: number;
}
