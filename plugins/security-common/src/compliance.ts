import { ControlStatus } from './controls';

/** How a framework requirement stands for an entity. */
export type RequirementStatus = 'passed' | 'failed' | 'not-assessed';

/** How one catalogue check stands for an entity. */
export type CheckStatus = 'pass' | 'fail' | 'not-assessed';

/** What a failing (or passing) check rests on. */
export interface CheckEvidence {
  source?: string;
  controlId?: string;
  resource?: string;
  field?: string;
  message?: string;
  /** What the tool says to do about it. */
  remediation?: string;
}

/** A catalogue check as assessed for one entity. */
export interface CheckAssessment {
  id: string;
  title: string;
  status: CheckStatus;
  /** Control results that fed the check, by status (empty for checks over findings or signing). */
  results: Partial<Record<ControlStatus, number>>;
  evidence: CheckEvidence[];
  /** The document that justifies mapping this check to the requirement. */
  citation: string;
}

export interface RequirementAssessment {
  id: string;
  title: string;
  status: RequirementStatus;
  checks: CheckAssessment[];
}

/** A framework's standing for one entity. */
export interface FrameworkScore {
  id: string;
  title: string;
  version?: string;
  url?: string;
  /** Where the opt-in came from: the entity itself, its system, or the portal's defaults. */
  optedInBy: 'entity' | 'system' | 'default';
  passed: number;
  failed: number;
  notAssessed: number;
  /** Passed requirements as a percentage of the assessed ones; absent when none was assessed. */
  score?: number;
  requirements: RequirementAssessment[];
}

/** The short form of a framework score, for the entity summary. */
export type FrameworkScoreSummary = Omit<FrameworkScore, 'requirements'>;

export interface EntityCompliance {
  entityRef: string;
  frameworks: FrameworkScore[];
  /** Every framework the catalogue knows, so a user can see what could be opted into. */
  available: Array<{ id: string; title: string }>;
}
