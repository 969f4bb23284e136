import { InputError } from '@backstage/errors';
import {
  FindingType,
  Severity,
  severityFromScore,
} from '@devsecops/plugin-security-common';
import {
  FindingInput,
  ReportFormat,
  ReportInput,
  ReportSink,
  ToolInfo,
  arr,
  JsonObject,
  field,
  isObject,
  num,
  obj,
  selectJsonValues,
  str,
} from '@devsecops/plugin-security-node';
import { classifyFinding, cwesFrom, vulnerabilityIdFrom } from './classify';

interface RunContext {
  tool: ToolInfo;
  rulesById: Map<string, unknown>;
  rulesByIndex: unknown[];
  facts: Map<string, RuleFacts>;
}

const LEVEL_SEVERITY: Record<string, Severity> = {
  error: 'high',
  warning: 'medium',
  note: 'low',
  none: 'info',
};

/** SARIF 2.1.0 from any tool. https://docs.oasis-open.org/sarif/sarif/v2.1.0/ */
export const sarifFormat: ReportFormat = {
  id: 'sarif',
  displayName: 'SARIF 2.1.0',
  detect(head) {
    return (
      /"\$schema"\s*:\s*"[^"]*sarif/i.test(head) ||
      (/"runs"\s*:/.test(head) && /"version"\s*:\s*"2\.1\.0"/.test(head))
    );
  },
  async parse(input, sink) {
    const runs = new Map<number, RunContext>();
    const deferred = new Set<number>();
    await readSarif(input, sink, runs, deferred, undefined);
    if (deferred.size > 0) {
      // Some run listed results before its tool: read those runs' results again.
      await readSarif(input, sink, runs, deferred, deferred);
    }
  },
};

async function readSarif(
  input: ReportInput,
  sink: ReportSink,
  runs: Map<number, RunContext>,
  deferred: Set<number>,
  onlyRuns: Set<number> | undefined,
) {
  const selectors = onlyRuns
    ? [['runs', '*', 'results', '*']]
    : [
        ['version'],
        ['runs', '*', 'tool'],
        ['runs', '*', 'invocations'],
        ['runs', '*', 'results', '*'],
      ];
  let sawRuns = false;
  for await (const { path, value } of selectJsonValues(input.open(), selectors)) {
    if (path[0] === 'version') {
      if (value !== '2.1.0') {
        throw new InputError(
          `Unsupported SARIF version ${JSON.stringify(value)}: only 2.1.0 is read`,
        );
      }
      continue;
    }
    const runIndex = path[1] as number;
    sawRuns = true;
    if (path[2] === 'tool') {
      const run = toRunContext(value);
      runs.set(runIndex, run);
      sink.toolRun(run.tool);
    } else if (path[2] === 'invocations') {
      reportNotifications(value, sink);
    } else if (path[2] === 'results') {
      if (onlyRuns && !onlyRuns.has(runIndex)) continue;
      const run = runs.get(runIndex);
      if (!run) {
        deferred.add(runIndex);
        continue;
      }
      if (!onlyRuns && deferred.has(runIndex)) continue;
      const pending = emitResult(value, run, sink);
      if (pending) await pending;
    }
  }
  if (!onlyRuns && !sawRuns) {
    throw new InputError('The SARIF log has no runs');
  }
  for (const index of deferred) {
    if (!runs.has(index)) {
      throw new InputError(`SARIF run ${index} has results but no tool`);
    }
  }
}

function toRunContext(tool: unknown): RunContext {
  const driver = obj(tool, 'driver');
  const name = str(driver, 'name', 100);
  if (!driver || !name) {
    throw new InputError('A SARIF run has no tool.driver.name');
  }
  const rulesById = new Map<string, unknown>();
  const rulesByIndex = arr(driver, 'rules');
  const allRules = [
    ...rulesByIndex,
    ...arr(tool, 'extensions').flatMap(e => arr(e, 'rules')),
  ];
  for (const rule of allRules) {
    const id = str(rule, 'id', 255);
    if (id && !rulesById.has(id)) rulesById.set(id, rule);
  }
  return {
    tool: {
      name,
      version:
        str(driver, 'semanticVersion', 100) ?? str(driver, 'version', 100),
    },
    rulesById,
    rulesByIndex,
    facts: new Map(),
  };
}

function reportNotifications(invocations: unknown, sink: ReportSink) {
  for (const invocation of arr(invocations)) {
    if (field(invocation, 'executionSuccessful') === false) {
      sink.warning('A tool invocation reports that it did not run successfully');
    }
    const notes = [
      ...arr(invocation, 'toolExecutionNotifications'),
      ...arr(invocation, 'toolConfigurationNotifications'),
    ];
    for (const note of notes) {
      const level = str(note, 'level') ?? 'warning';
      if (level === 'error' || level === 'warning') {
        const text = str(obj(note, 'message'), 'text', 500);
        if (text) sink.warning(`Tool ${level}: ${text}`);
      }
    }
  }
}

/** What a result inherits from its rule; worked out once per rule, not once per result. */
interface RuleFacts {
  ruleId?: string;
  rule: unknown;
  title?: string;
  defaultLevel?: string;
  score?: number;
  tags: string[];
  helpUri?: string;
  vulnerabilityId?: string;
  type: FindingType;
  cwe?: string[];
}

function ruleFacts(run: RunContext, result: JsonObject): RuleFacts {
  const ruleIndex = num(result, 'ruleIndex') ?? num(obj(result, 'rule'), 'index');
  const ruleId =
    str(result, 'ruleId', 255) ??
    str(obj(result, 'rule'), 'id', 255) ??
    (ruleIndex !== undefined ? str(run.rulesByIndex[ruleIndex], 'id', 255) : undefined);
  const key = `${ruleId ?? ''}\u0000${ruleIndex ?? ''}`;
  const cached = run.facts.get(key);
  if (cached) return cached;
  const rule =
    (ruleId !== undefined ? run.rulesById.get(ruleId) : undefined) ??
    (ruleIndex !== undefined ? run.rulesByIndex[ruleIndex] : undefined);
  const ruleProps = obj(rule, 'properties');
  const score = num(ruleProps, 'security-severity');
  const tags = arr(ruleProps, 'tags').filter((t): t is string => typeof t === 'string');
  const vulnerabilityId = vulnerabilityIdFrom(ruleId);
  const facts: RuleFacts = {
    ruleId,
    rule,
    title: str(obj(rule, 'shortDescription'), 'text', 1000) ?? str(rule, 'name', 1000),
    defaultLevel: str(obj(rule, 'defaultConfiguration'), 'level'),
    score,
    tags,
    helpUri:
      str(rule, 'helpUri', 2048) ??
      str(obj(rule, 'help'), 'text', 2048)?.match(/https?:\/\/\S+/)?.[0],
    vulnerabilityId,
    cwe: cwesFrom(tags),
    type: classifyFinding({
      tool: run.tool.name,
      ruleId,
      tags,
      vulnerabilityId,
      hasSecuritySeverity: score !== undefined,
    }),
  };
  run.facts.set(key, facts);
  return facts;
}

function emitResult(result: unknown, run: RunContext, sink: ReportSink) {
  if (!isObject(result)) return undefined;
  if (str(result, 'baselineState') === 'absent') return undefined;
  const facts = ruleFacts(run, result);
  const { ruleId, rule } = facts;
  const resultProps = obj(result, 'properties');
  // A result may carry its own score and tags; only then is the rule's classification redone.
  const ownScore = num(resultProps, 'security-severity');
  const ownTags = arr(resultProps, 'tags').filter((t): t is string => typeof t === 'string');
  const score = ownScore ?? facts.score;
  const tags = ownTags.length > 0 ? [...facts.tags, ...ownTags] : facts.tags;
  const type: FindingType =
    ownScore === undefined && ownTags.length === 0
      ? facts.type
      : classifyFinding({
          tool: run.tool.name,
          ruleId,
          tags,
          vulnerabilityId: facts.vulnerabilityId,
          hasSecuritySeverity: score !== undefined,
        });

  const message = messageText(result, rule);
  const title =
    facts.title ?? message?.split('\n')[0].slice(0, 200) ?? ruleId ?? 'Unnamed result';
  const level = str(result, 'level') ?? facts.defaultLevel ?? 'warning';
  const severity: Severity =
    score !== undefined ? severityFromScore(score) : LEVEL_SEVERITY[level] ?? 'medium';
  const vulnerabilityId = facts.vulnerabilityId;
  const affected = type === 'vulnerability' ? packageInMessage(message) : undefined;

  const physical = obj(arr(result, 'locations')[0], 'physicalLocation');
  const artifact = obj(physical, 'artifactLocation');
  const region = obj(physical, 'region');
  const path = str(artifact, 'uri', 2048);

  const suppression = arr(result, 'suppressions').find(
    s => str(s, 'status') !== 'rejected',
  );
  const fingerprintParts = [
    ...Object.entries(obj(result, 'fingerprints') ?? {}),
    ...Object.entries(obj(result, 'partialFingerprints') ?? {}),
  ]
    .filter(([, v]) => typeof v === 'string')
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k}=${v}`);

  return sink.finding({
    type,
    tool: run.tool,
    ruleId,
    vulnerabilityId,
    cwe: ownTags.length > 0 ? cwesFrom(tags) : facts.cwe,
    severity,
    title,
    message,
    helpUri: facts.helpUri,
    package: affected,
    location: path
      ? {
          path,
          startLine: num(region, 'startLine'),
          endLine: num(region, 'endLine'),
          startColumn: num(region, 'startColumn'),
          snippet: str(obj(region, 'snippet'), 'text', 2000),
        }
      : undefined,
    fingerprint:
      fingerprintParts.length > 0
        ? `${ruleId ?? ''}|${fingerprintParts.join('|')}`
        : undefined,
    status: suppression ? 'suppressed' : undefined,
    suppression: suppression
      ? {
          kind: `sarif:${str(suppression, 'kind') ?? 'external'}`,
          justification: str(suppression, 'justification', 4000),
        }
      : undefined,
  });
}

const MESSAGE_LINES = {
  name: /^Package: *(.+)$/m,
  installedVersion: /^Installed Version: *(.+)$/m,
  fixedVersion: /^Fixed Version: *(.+)$/m,
};

/**
 * The package a vulnerability result is about, where only its message names it, in the lines
 * Trivy writes (`Package: libssl3`, `Installed Version: 3.0.8-r0`, `Fixed Version: ...`).
 */
function packageInMessage(message: string | undefined): FindingInput['package'] {
  const line = (pattern: RegExp) => message?.match(pattern)?.[1].trim().slice(0, 255) || undefined;
  const name = line(MESSAGE_LINES.name);
  if (!name) return undefined;
  return {
    name,
    installedVersion: line(MESSAGE_LINES.installedVersion),
    fixedVersion: line(MESSAGE_LINES.fixedVersion),
  };
}

/** result.message.text, or the rule's message string it points to, with {n} arguments filled. */
function messageText(result: unknown, rule: unknown): string | undefined {
  const message = obj(result, 'message');
  let text = str(message, 'text', 20000);
  const id = str(message, 'id');
  if (!text && id) {
    text = str(obj(obj(rule, 'messageStrings'), id), 'text', 20000);
  }
  if (!text) return undefined;
  const args = arr(message, 'arguments');
  return args.length > 0
    ? text.replace(/\{(\d+)\}/g, (m, n) => str(args[Number(n)]) ?? m)
    : text;
}
