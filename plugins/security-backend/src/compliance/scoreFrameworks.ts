import {
  CheckAssessment,
  FrameworkScore,
  RequirementAssessment,
  RequirementStatus,
} from '@devsecops/plugin-security-common';
import { CheckOutcome } from './assessChecks';
import { Framework } from './Catalogue';

const NOT_ASSESSED: CheckOutcome = { status: 'not-assessed', results: {}, evidence: [] };
const ORDER: Record<RequirementStatus, number> = { failed: 0, passed: 1, 'not-assessed': 2 };

/**
 * A framework's standing from its checks' outcomes: a requirement fails when any check mapped
 * to it fails, passes when one passes and none fails, and is otherwise not assessed. The score
 * is the share of assessed requirements that passed, so unassessed ones do not count as passes.
 */
export function scoreFramework(
  framework: Framework,
  outcomes: Map<string, CheckOutcome>,
  optedInBy: FrameworkScore['optedInBy'],
): FrameworkScore {
  const checksOf = new Map<string, CheckAssessment[]>();
  for (const { check, requirements, citation } of framework.mapped) {
    const outcome = outcomes.get(check.id) ?? NOT_ASSESSED;
    for (const requirement of requirements) {
      const list = checksOf.get(requirement) ?? [];
      list.push({ id: check.id, title: check.title, citation, ...outcome });
      checksOf.set(requirement, list);
    }
  }
  const requirements: RequirementAssessment[] = [...framework.requirements].map(([id, title]) => {
    const checks = checksOf.get(id) ?? [];
    return { id, title, status: requirementStatus(checks), checks };
  });
  requirements.sort((a, b) => ORDER[a.status] - ORDER[b.status]);
  const count = (s: RequirementStatus) => requirements.filter(r => r.status === s).length;
  const passed = count('passed');
  const failed = count('failed');
  return {
    id: framework.id,
    title: framework.title,
    version: framework.version,
    url: framework.url,
    optedInBy,
    passed,
    failed,
    notAssessed: count('not-assessed'),
    score: passed + failed > 0 ? Math.round((passed / (passed + failed)) * 1000) / 10 : undefined,
    requirements,
  };
}

function requirementStatus(checks: CheckAssessment[]): RequirementStatus {
  if (checks.some(c => c.status === 'fail')) return 'failed';
  if (checks.some(c => c.status === 'pass')) return 'passed';
  return 'not-assessed';
}
