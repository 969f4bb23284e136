/** The CI systems the checker understands. */
export type CiSystem = 'github' | 'gitlab' | 'tekton';

export const CI_SYSTEMS: readonly CiSystem[] = ['github', 'gitlab', 'tekton'];

/** How much a broken rule matters; mapped onto SARIF levels and `security-severity`. */
export type RuleSeverity = 'critical' | 'high' | 'medium' | 'low';

/** One place where the repository breaks a rule of the standard. */
export interface Violation {
  ruleId: string;
  severity: RuleSeverity;
  /** Repository-relative path, `/`-separated. */
  file: string;
  /** 1-based line, when the problem sits on a line. */
  line?: number;
  /** What is wrong and what to do about it. */
  message: string;
  /** The CI system the violation is about, when it is about one. */
  ci?: CiSystem;
}

/** What a rule module returns: the rule id and severity are stamped on by `defineRule`. */
export type Finding = Omit<Violation, 'ruleId' | 'severity'>;

export type RuleStatus = 'passed' | 'failed' | 'not-applicable';

/** The verdict on one rule for the repository checked. */
export interface RuleOutcome {
  id: string;
  title: string;
  status: RuleStatus;
  /** Why the rule did not apply, or a remark on how it was judged. */
  note?: string;
}

export interface CheckOptions {
  /** Only look at these CI systems (default: every one found). */
  ci?: CiSystem[];
  /**
   * A Backstage software template (`kind: Template`) to check R21 against, absolute or
   * relative to the checked directory. Default: `template.yaml` in the checked directory.
   */
  templateFile?: string;
}

export interface CheckResult {
  /** The version of the standard this checker implements. */
  standardVersion: string;
  /** The version the repository says it follows (catalog-info.yaml annotation). */
  recordedStandardVersion?: string;
  /** The CI systems found (and not excluded by `options.ci`). */
  ciSystems: CiSystem[];
  violations: Violation[];
  rules: RuleOutcome[];
  /** Things worth knowing that are not rule violations (unreadable files, an old standard). */
  warnings: string[];
}
