import { createHash } from 'node:crypto';
import type { Log, ReportingDescriptor, Result } from 'sarif';
import { RULES } from './checker/rules';
import { CheckResult, RuleSeverity, Violation } from './checker/types';
import { REPOSITORY_ROOT } from './checker/rules/support';

/** The tool name the portal's compliance catalogue matches findings by. */
export const SARIF_TOOL_NAME = 'security-pipeline-rules';

const INFORMATION_URI =
  'https://www.npmjs.com/package/@devsecops/plugin-scaffolder-backend-module-security';

const LEVEL: Record<RuleSeverity, Result.level> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'note',
};

/** CVSS-style scores, as code scanning and the portal read `security-severity`. */
const SCORE: Record<RuleSeverity, string> = {
  critical: '9.5',
  high: '8.0',
  medium: '5.5',
  low: '3.0',
};

const TAGS = ['security', 'supply-chain', 'drift'];

export interface SarifOptions {
  /** The checker's version, reported as the driver version. */
  version: string;
}

/** Lower-cased, single-spaced, with commit SHAs and digests folded, so rewording noise stays out. */
function normaliseMessage(message: string): string {
  return message
    .toLowerCase()
    .replace(/\b[0-9a-f]{7,64}\b/g, '#')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * A fingerprint that survives edits elsewhere in the file: rule, file and message, not the
 * line. Identical findings in one file are told apart by their order.
 */
function fingerprints(violations: Violation[]): string[] {
  const seen = new Map<string, number>();
  return violations.map(v => {
    const base = createHash('sha256')
      .update(`${v.ruleId}\u0000${v.file}\u0000${normaliseMessage(v.message)}`)
      .digest('hex');
    const occurrence = (seen.get(base) ?? 0) + 1;
    seen.set(base, occurrence);
    return `${base}:${occurrence}`;
  });
}

function ruleDescriptor(rule: (typeof RULES)[number]): ReportingDescriptor {
  return {
    id: rule.id,
    name: rule.title.replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) =>
      c ? c.toUpperCase() : '',
    ),
    shortDescription: { text: rule.title },
    fullDescription: { text: rule.description },
    help: {
      text: `${rule.description}\n\n${rule.helpUri}`,
      markdown: `${rule.description}\n\n[More about this rule](${rule.helpUri})`,
    },
    helpUri: rule.helpUri,
    defaultConfiguration: { level: LEVEL[rule.severity] },
    properties: {
      'security-severity': SCORE[rule.severity],
      precision: 'high',
      tags: TAGS,
    },
  };
}

/**
 * The check result as a SARIF 2.1.0 log with one run of the `security-pipeline-rules` tool.
 * A clean repository gives a run with `results: []`, which tells the portal (and code
 * scanning) that earlier findings are fixed.
 *
 * @public
 */
export function toSarif(result: CheckResult, options: SarifOptions): Log {
  const ruleIndex = new Map(RULES.map((rule, index) => [rule.id, index]));
  const prints = fingerprints(result.violations);
  const results: Result[] = result.violations.map((v, i) => ({
    ruleId: v.ruleId,
    ruleIndex: ruleIndex.get(v.ruleId),
    level: LEVEL[v.severity],
    message: { text: v.message },
    ...(v.file === REPOSITORY_ROOT
      ? {}
      : {
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: v.file, uriBaseId: '%SRCROOT%' },
                ...(v.line ? { region: { startLine: v.line } } : {}),
              },
            },
          ],
        }),
    partialFingerprints: { 'securityPipelineRules/v1': prints[i] },
    ...(v.ci ? { properties: { ci: v.ci } } : {}),
  }));
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: SARIF_TOOL_NAME,
            version: options.version,
            semanticVersion: options.version,
            informationUri: INFORMATION_URI,
            rules: RULES.map(ruleDescriptor),
          },
        },
        invocations: [
          {
            executionSuccessful: true,
            toolExecutionNotifications: result.warnings.map(text => ({
              level: 'warning' as const,
              message: { text },
            })),
          },
        ],
        results,
        properties: {
          standardVersion: result.standardVersion,
          ...(result.recordedStandardVersion !== undefined
            ? { recordedStandardVersion: result.recordedStandardVersion }
            : {}),
          ciSystems: result.ciSystems,
          notApplicable: result.rules
            .filter(r => r.status === 'not-applicable')
            .map(r => ({ id: r.id, reason: r.note })),
        },
      },
    ],
  };
}
