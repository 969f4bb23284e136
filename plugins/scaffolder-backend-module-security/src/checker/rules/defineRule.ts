import { Repository } from '../model/Repository';
import { Finding, RuleSeverity, Violation } from '../types';

/** One rule of the standard: metadata for reports, and the check itself. */
export interface Rule {
  id: string;
  title: string;
  /** The rule as the standard words it. */
  description: string;
  /** The standard's section or the OpenSSF Scorecard check the rule comes from. */
  helpUri: string;
  severity: RuleSeverity;
  /** Why the rule does not apply to this tree, if it does not. */
  notApplicable?(repo: Repository): string | undefined;
  /** A remark on how the rule was judged for this tree, reported with its outcome. */
  note?(repo: Repository): string | undefined;
  check(repo: Repository): Violation[];
}

export interface RuleSpec extends Omit<Rule, 'check'> {
  check(repo: Repository): Finding[];
}

/** Builds a rule whose findings get its id and severity. */
export function defineRule(spec: RuleSpec): Rule {
  return {
    ...spec,
    check(repo) {
      return spec.check(repo).map(finding => ({
        ruleId: spec.id,
        severity: spec.severity,
        ...finding,
      }));
    },
  };
}
