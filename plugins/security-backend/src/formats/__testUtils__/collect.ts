import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Readable } from 'node:stream';
import {
  AttestationInput,
  ComponentInput,
  ControlResultInput,
  FindingInput,
  ReportFormat,
  ReportSink,
  ToolInfo,
  VexStatementInput,
} from '@devsecops/plugin-security-node';

export interface Collected {
  findings: FindingInput[];
  components: ComponentInput[];
  edges: Array<[string, string]>;
  roots: string[];
  vex: VexStatementInput[];
  attestations: AttestationInput[];
  controls: ControlResultInput[];
  tools: ToolInfo[];
  warnings: string[];
}

/** Runs a parser over bytes in small chunks, recording what it emits. */
export async function collect(
  format: ReportFormat,
  content: string | Buffer,
  chunkSize = 4096,
): Promise<Collected> {
  const bytes = Buffer.isBuffer(content) ? content : Buffer.from(content);
  const out: Collected = {
    findings: [],
    components: [],
    edges: [],
    roots: [],
    vex: [],
    attestations: [],
    controls: [],
    tools: [],
    warnings: [],
  };
  const sink: ReportSink = {
    finding: f => void out.findings.push(f),
    component: c => void out.components.push(c),
    dependency: (a, b) => void out.edges.push([a, b]),
    sbomRoot: r => void out.roots.push(r),
    vexStatement: s => void out.vex.push(s),
    attestation: a => void out.attestations.push(a),
    controlResult: c => void out.controls.push(c),
    toolRun: t => void out.tools.push({ ...t }),
    warning: w => void out.warnings.push(w),
  };
  const chunks: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += chunkSize) chunks.push(bytes.subarray(i, i + chunkSize));
  await format.parse({ size: bytes.length, open: () => Readable.from(chunks) }, sink);
  return out;
}

const repoRoot = resolve(__dirname, '../../../../..');

/** A report from examples/reports (produced by real tools on this repository, or fixtures). */
export function exampleReport(name: string): Buffer {
  return readFileSync(resolve(repoRoot, 'examples/reports', name));
}

/** A real-world report from __fixtures__/real. */
export function realFixture(name: string): Buffer {
  return readFileSync(resolve(__dirname, '../__fixtures__/real', name));
}
