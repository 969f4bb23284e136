import { Violation } from './types';

/** `R03 .github/workflows/ci.yml:12 — message`: how the command line and the scaffolder action list violations. */
export function formatViolation(v: Violation): string {
  const place = v.line ? `${v.file}:${v.line}` : v.file;
  return `${v.ruleId} ${place} — ${v.message}`;
}
