import { ANNOTATION_PIPELINE_STANDARD, STANDARD_VERSION } from '../standard';
import { loadRepository } from './loadRepository';
import { Repository } from './model/Repository';
import { get, str } from './model/yamlTree';
import { RULES } from './rules';
import { CheckOptions, CheckResult, RuleOutcome, Violation } from './types';

function standardWarning(recorded: string | undefined): string | undefined {
  if (recorded === undefined || recorded === STANDARD_VERSION) return undefined;
  const older =
    /^\d+$/.test(recorded) && Number(recorded) < Number(STANDARD_VERSION);
  return older
    ? `catalog-info.yaml records pipeline standard version ${recorded}, older than the current ${STANDARD_VERSION}: the repository was checked against version ${STANDARD_VERSION}; update the pipeline and the annotation.`
    : `catalog-info.yaml records pipeline standard version "${recorded}", which this checker does not know (it implements version ${STANDARD_VERSION}).`;
}

function byPlace(a: Violation, b: Violation): number {
  return (
    a.ruleId.localeCompare(b.ruleId) ||
    a.file.localeCompare(b.file) ||
    (a.line ?? 0) - (b.line ?? 0) ||
    a.message.localeCompare(b.message)
  );
}

/** Runs every rule on a loaded repository. */
export function evaluateRepository(repo: Repository): CheckResult {
  const violations: Violation[] = [];
  const rules: RuleOutcome[] = [];
  for (const rule of RULES) {
    const reason = rule.notApplicable?.(repo);
    if (reason) {
      rules.push({
        id: rule.id,
        title: rule.title,
        status: 'not-applicable',
        note: reason,
      });
      continue;
    }
    const found = rule.check(repo);
    violations.push(...found);
    const note = rule.note?.(repo);
    rules.push({
      id: rule.id,
      title: rule.title,
      status: found.length > 0 ? 'failed' : 'passed',
      ...(note ? { note } : {}),
    });
  }
  const recorded = str(
    get(
      repo.catalogComponent,
      'metadata',
      'annotations',
      ANNOTATION_PIPELINE_STANDARD,
    ),
  );
  const warnings = [
    standardWarning(recorded),
    ...repo.warnings,
    repo.ciSystems.length === 0
      ? 'No CI configuration found (.github/workflows, .gitlab-ci.yml or .tekton/).'
      : undefined,
  ].filter((w): w is string => w !== undefined);
  return {
    standardVersion: STANDARD_VERSION,
    ...(recorded !== undefined ? { recordedStandardVersion: recorded } : {}),
    ciSystems: repo.ciSystems,
    violations: violations.sort(byPlace),
    rules,
    warnings: [...new Set(warnings)],
  };
}

/**
 * Checks the repository in `dir` against the secure pipeline standard (R01–R28), for every
 * CI system it finds (GitHub Actions, GitLab CI, Tekton) or those in `options.ci`. Reads
 * files only; never runs anything from the repository.
 *
 * @public
 */
export async function checkRepository(
  dir: string,
  options: CheckOptions = {},
): Promise<CheckResult> {
  return evaluateRepository(await loadRepository(dir, options));
}
