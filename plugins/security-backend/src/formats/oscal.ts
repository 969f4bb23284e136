import { InputError } from '@backstage/errors';
import { ControlStatus } from '@devsecops/plugin-security-common';
import {
  JsonObject,
  ReportFormat,
  ReportSink,
  ToolInfo,
  arr,
  isObject,
  obj,
  str,
} from '@devsecops/plugin-security-node';
import { readJsonDocument } from './readJsonDocument';

const MAX_BYTES = 256 * 1024 * 1024;
const FINDING_STATES: Record<string, ControlStatus> = { satisfied: 'pass', 'not-satisfied': 'fail' };
const RESULTS = new Set<ControlStatus>(['pass', 'fail', 'warn', 'error', 'skip']);

/**
 * OSCAL assessment results (JSON): each finding's target (a control objective or statement)
 * with its satisfied / not-satisfied state, and observations that carry a check's outcome
 * the way compliance-trestle's transformers write it (`scc_rule`, `scc_result` props).
 */
export const oscalAssessmentResultsFormat: ReportFormat = {
  id: 'oscal-assessment-results',
  displayName: 'OSCAL assessment results',
  detect(head) {
    return /"assessment-results"\s*:/.test(head);
  },
  async parse(input, sink) {
    const doc = await readJsonDocument(input, 'OSCAL assessment results', MAX_BYTES);
    const ar = obj(doc, 'assessment-results');
    if (!ar) throw new InputError('This is not an OSCAL assessment-results document');
    const tool = { name: 'oscal', version: str(obj(ar, 'metadata'), 'oscal-version', 32) };
    sink.toolRun(tool);
    for (const result of arr(ar, 'results')) {
      if (!isObject(result)) continue;
      const observations = new Map<string, JsonObject>();
      for (const o of arr(result, 'observations')) {
        const uuid = str(o, 'uuid', 64);
        if (uuid && isObject(o)) observations.set(uuid, o);
      }
      await readFindings(result, observations, tool, sink);
      await readTrestleObservations(result, tool, sink);
    }
  },
};

async function readFindings(
  result: JsonObject,
  observations: Map<string, JsonObject>,
  tool: ToolInfo,
  sink: ReportSink,
) {
  for (const finding of arr(result, 'findings')) {
    const target = obj(finding, 'target');
    const id = str(target, 'target-id', 255);
    const status = FINDING_STATES[str(obj(target, 'status'), 'state', 32) ?? ''];
    if (!id || !status) {
      sink.warning('An OSCAL finding without a target or a known state was skipped');
      continue;
    }
    const related = arr(finding, 'related-observations')
      .map(r => observations.get(str(r, 'observation-uuid', 64) ?? ''))
      .filter((o): o is JsonObject => !!o);
    await sink.controlResult({
      tool,
      controlId: id,
      benchmark: str(result, 'title', 128),
      title: str(finding, 'title', 2048) ?? id,
      status,
      evidence: [
        { message: str(finding, 'description', 4096) },
        ...related.map(o => ({ field: str(o, 'title', 512), message: str(o, 'description', 4096) })),
      ],
      remediation: str(target, 'description', 4096),
    });
  }
}

async function readTrestleObservations(result: JsonObject, tool: ToolInfo, sink: ReportSink) {
  for (const observation of arr(result, 'observations')) {
    const props = new Map<string, string>();
    for (const p of arr(observation, 'props')) {
      const cls = str(p, 'class', 64);
      const value = str(p, 'value', 4096);
      if (cls && value) props.set(cls, value);
    }
    const rule = props.get('scc_rule');
    const status = props.get('scc_result')?.toLowerCase() as ControlStatus | undefined;
    if (!rule || !status) continue;
    if (!RESULTS.has(status)) {
      sink.warning(`OSCAL observation for ${rule.slice(0, 64)} has an unknown result`);
      continue;
    }
    await sink.controlResult({
      tool,
      controlId: rule.slice(0, 255),
      benchmark: str(result, 'title', 128),
      title: props.get('scc_description') ?? rule,
      status,
      evidence: [{ message: str(observation, 'description', 4096) }],
    });
  }
}
