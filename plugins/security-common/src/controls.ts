import { Severity } from './types';

/** How a control fared, in the words Policy Reports use. */
export const CONTROL_STATUSES = ['fail', 'warn', 'error', 'pass', 'skip'] as const;
export type ControlStatus = (typeof CONTROL_STATUSES)[number];

/** Where a control result was observed and what was seen there. */
export interface ControlEvidence {
  /** `Kind/namespace/name`, a node role, or a file. */
  resource?: string;
  field?: string;
  message?: string;
}

/** One check of one control by one tool. */
export interface ControlResult {
  id: string;
  entityRef: string;
  /** The tool that checked (kube-bench, kyverno, compliance-operator ...). */
  source: string;
  sourceLabel?: string;
  /** The check's id in its benchmark: a CIS section, a policy/rule, a rule id. */
  controlId: string;
  /** The benchmark or profile it belongs to, e.g. `cis-1.8`, `ocp4-cis`. */
  benchmark?: string;
  title: string;
  status: ControlStatus;
  severity?: Severity;
  evidence: ControlEvidence[];
  remediation?: string;
  recordedAt: string;
}

export type ControlCounts = Record<ControlStatus, number>;

export interface ControlsQuery {
  /** Only results of checks the catalogue maps to this framework. */
  framework?: string;
  status?: ControlStatus[];
  source?: string[];
  q?: string;
  limit?: number;
  cursor?: string;
}
