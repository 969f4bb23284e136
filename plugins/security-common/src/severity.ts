import { SEVERITIES, Severity } from './types';

/** 0 for critical up to 4 for info; lower sorts first. */
export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}

export function isSeverity(value: unknown): value is Severity {
  return (SEVERITIES as readonly unknown[]).includes(value);
}

/**
 * Maps a CVSS-style 0-10 score onto the scale, with the CVSS v3 qualitative bands
 * (also what GitHub uses for SARIF `security-severity`).
 */
export function severityFromScore(score: number): Severity {
  if (!Number.isFinite(score) || score <= 0) return 'info';
  if (score >= 9) return 'critical';
  if (score >= 7) return 'high';
  if (score >= 4) return 'medium';
  return 'low';
}

const WORDS: Record<string, Severity> = {
  critical: 'critical',
  blocker: 'critical',
  high: 'high',
  error: 'high',
  major: 'high',
  important: 'high',
  medium: 'medium',
  moderate: 'medium',
  warning: 'medium',
  low: 'low',
  minor: 'low',
  note: 'low',
  negligible: 'info',
  info: 'info',
  informational: 'info',
  none: 'info',
  unknown: 'info',
};

/** Maps a tool's own severity word (Trivy, Grype, Snyk, CycloneDX ratings ...) onto the scale. */
export function severityFromWord(word: unknown): Severity | undefined {
  if (typeof word !== 'string') return undefined;
  return WORDS[word.trim().toLowerCase()];
}
