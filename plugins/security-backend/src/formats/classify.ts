import { FindingType } from '@devsecops/plugin-security-common';

const SECRET_TOOLS = /gitleaks|secretlint|trufflehog|detect-secrets|ggshield|talisman|secret/i;
const IAC_TOOLS =
  /checkov|tfsec|kics|terrascan|kube-?linter|kubesec|kube-?score|hadolint|conftest|polaris|datree|cfn[-_]?(lint|nag)/i;
const SAST_TOOLS =
  /codeql|semgrep|bandit|gosec|brakeman|njsscan|snyk code|sonar|spotbugs|find-?sec-?bugs|psalm|horusec|devskim|security code scan|flawfinder|nodejsscan|eslint-plugin-security/i;
const VULN_ID = /^(CVE-\d{4}-\d{4,}|GHSA(-[23456789cfghjmpqrvwx]{4}){3}|RUSTSEC-\d{4}-\d{4}|PYSEC-\d{4}-\d+|GO-\d{4}-\d{4,}|OSV-\d{4}-\d+|SNYK-[A-Z0-9-]+)$/i;

/** A CVE/GHSA/OSV-style identifier in a rule id (Trivy, Grype and Snyk use these as rule ids). */
export function vulnerabilityIdFrom(ruleId: string | undefined): string | undefined {
  if (!ruleId || !VULN_ID.test(ruleId)) return undefined;
  // GHSA ids are written upper-case prefix, lower-case body; the others upper-case.
  return /^ghsa/i.test(ruleId)
    ? `GHSA${ruleId.slice(4).toLowerCase()}`
    : ruleId.toUpperCase();
}

/** CWE ids from SARIF tags ("external/cwe/cwe-079", "CWE-79"). */
export function cwesFrom(tags: string[]): string[] | undefined {
  const cwes = new Set<string>();
  for (const tag of tags) {
    const m = /cwe[-/_ ]?0*(\d+)/i.exec(tag);
    if (m) cwes.add(`CWE-${m[1]}`);
  }
  return cwes.size > 0 ? [...cwes] : undefined;
}

/**
 * Decides the finding type of a SARIF result from the tool and the rule, since SARIF itself
 * does not say whether a result is a vulnerable dependency, a secret or a code flaw.
 */
export function classifyFinding(options: {
  tool: string;
  ruleId?: string;
  tags: string[];
  vulnerabilityId?: string;
  hasSecuritySeverity: boolean;
}): FindingType {
  const tags = options.tags.map(t => t.toLowerCase());
  if (options.vulnerabilityId) return 'vulnerability';
  if (SECRET_TOOLS.test(options.tool) || tags.includes('secret')) return 'secret';
  if (tags.includes('license')) return 'license';
  if (
    IAC_TOOLS.test(options.tool) ||
    tags.includes('misconfiguration') ||
    tags.includes('iac') ||
    /^(AVD-|DS\d|KSV|CKV_)/.test(options.ruleId ?? '')
  ) {
    return 'misconfiguration';
  }
  if (
    options.hasSecuritySeverity ||
    tags.includes('security') ||
    SAST_TOOLS.test(options.tool) ||
    /(^|\/)security\//.test(options.ruleId ?? '')
  ) {
    return 'code';
  }
  return 'quality';
}
