import { formatViolation } from '../checker/formatViolation';
import { CheckResult } from '../checker/types';

/** A plain-text report: violations, then rule outcomes, then warnings. */
export function formatText(result: CheckResult): string {
  const lines: string[] = [];
  const ci =
    result.ciSystems.length > 0 ? result.ciSystems.join(', ') : 'none found';
  lines.push(
    `Secure pipeline standard v${result.standardVersion} — CI: ${ci}`,
    '',
  );
  for (const v of result.violations) lines.push(formatViolation(v));
  if (result.violations.length > 0) lines.push('');
  const count = (status: string) =>
    result.rules.filter(r => r.status === status).length;
  lines.push(
    `Rules: ${count('passed')} passed, ${count('failed')} failed, ${count(
      'not-applicable',
    )} not applicable`,
  );
  for (const rule of result.rules) {
    if (rule.status === 'not-applicable')
      lines.push(`  ${rule.id} not applicable: ${rule.note}`);
    else if (rule.note) lines.push(`  ${rule.id} note: ${rule.note}`);
  }
  for (const warning of result.warnings) lines.push(`Warning: ${warning}`);
  lines.push(
    result.violations.length === 0
      ? 'No violations.'
      : `${result.violations.length} violation(s).`,
  );
  return `${lines.join('\n')}\n`;
}
