import { InputError } from '@backstage/errors';
import {
  Severity,
  SEVERITIES,
  severityFromScore,
  severityFromWord,
} from '@devsecops/plugin-security-common';
import {
  ComponentInput,
  ReportFormat,
  ReportSink,
  ToolInfo,
  arr,
  isObject,
  num,
  obj,
  selectJsonValues,
  str,
} from '@devsecops/plugin-security-node';

const SBOM_TOOLS = /cyclonedx|syft|trivy|grype|cdxgen|snyk|dependency-track|sbom/i;
const SPEC_VERSIONS = new Set(['1.2', '1.3', '1.4', '1.5', '1.6', '1.7']);

interface PackageRef {
  purl?: string;
  name: string;
  version?: string;
}

/** CycloneDX JSON 1.2 to 1.7: components, dependency graph and embedded vulnerabilities (VEX). */
export const cyclonedxFormat: ReportFormat = {
  id: 'cyclonedx',
  displayName: 'CycloneDX JSON',
  detect(head) {
    return /"bomFormat"\s*:\s*"CycloneDX"/.test(head);
  },
  async parse(input, sink) {
    const packages = new Map<string, PackageRef>();
    let tool: ToolInfo = { name: 'cyclonedx' };
    let sawFormat = false;
    const selectors = [
      ['bomFormat'],
      ['specVersion'],
      ['metadata'],
      ['components', '*'],
      ['dependencies', '*'],
      ['vulnerabilities', '*'],
    ];
    for await (const { path, value } of selectJsonValues(input.open(), selectors)) {
      switch (path[0]) {
        case 'bomFormat':
          if (value !== 'CycloneDX') {
            throw new InputError(`bomFormat is ${JSON.stringify(value)}, not CycloneDX`);
          }
          sawFormat = true;
          break;
        case 'specVersion':
          if (typeof value !== 'string' || !SPEC_VERSIONS.has(value)) {
            throw new InputError(
              `Unsupported CycloneDX specVersion ${JSON.stringify(value)}: 1.2 to 1.7 are read`,
            );
          }
          break;
        case 'metadata':
          tool = readMetadata(value, sink, packages) ?? tool;
          sink.toolRun(tool);
          break;
        case 'components':
          for (const component of flatten(value)) {
            const pending = sink.component(component);
            if (component.ref) {
              packages.set(component.ref, component);
            }
            if (pending) await pending;
          }
          break;
        case 'dependencies': {
          const from = str(value, 'ref', 512);
          if (!from) break;
          for (const to of arr(value, 'dependsOn')) {
            const target = str(to, undefined, 512);
            if (target) await sink.dependency(from, target);
          }
          break;
        }
        case 'vulnerabilities':
          await emitVulnerability(value, tool, packages, sink);
          break;
        default:
      }
    }
    if (!sawFormat) throw new InputError('The document has no bomFormat');
    sink.toolRun(tool);
  },
};

function toComponent(value: unknown): ComponentInput | undefined {
  const name = str(value, 'name', 512);
  if (!name) return undefined;
  const group = str(value, 'group', 255);
  const licenses = arr(value, 'licenses')
    .map(l => {
      const license = obj(l, 'license');
      return str(license, 'id', 255) ?? str(license, 'name', 255) ?? str(l, 'expression', 512);
    })
    .filter((l): l is string => Boolean(l));
  const hashes: Record<string, string> = {};
  for (const h of arr(value, 'hashes')) {
    const alg = str(h, 'alg', 32);
    const content = str(h, 'content', 256);
    if (alg && content) hashes[alg] = content;
  }
  return {
    ref: str(value, 'bom-ref', 512) ?? str(value, 'purl', 512),
    name: group ? `${group}/${name}` : name,
    version: str(value, 'version', 255),
    purl: str(value, 'purl', 2048),
    type: str(value, 'type', 64),
    licenses,
    hashes: Object.keys(hashes).length > 0 ? hashes : undefined,
  };
}

/** A component and its nested components, depth first, without recursion on the JS stack. */
function flatten(root: unknown): ComponentInput[] {
  const out: ComponentInput[] = [];
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const value = stack.pop();
    const component = toComponent(value);
    if (component) out.push(component);
    const children = arr(value, 'components');
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
  }
  return out;
}

function readMetadata(
  metadata: unknown,
  sink: ReportSink,
  packages: Map<string, PackageRef>,
): ToolInfo | undefined {
  const root = toComponent(obj(metadata, 'component'));
  if (root?.ref) {
    sink.sbomRoot(root.ref);
    packages.set(root.ref, root);
  }
  const tools = obj(metadata, 'tools');
  const candidates = [
    ...arr(metadata, 'tools'),
    ...arr(tools, 'components'),
    ...arr(tools, 'services'),
  ];
  // Generators often list the package manager they drove first (npm, yarn); prefer the scanner.
  const named = candidates.filter(t => str(t, 'name'));
  const chosen =
    named.find(t => str(t, 'type') === 'application' && SBOM_TOOLS.test(str(t, 'name')!)) ??
    named.find(t => SBOM_TOOLS.test(str(t, 'name')!)) ??
    named[0];
  if (!chosen) return undefined;
  return { name: str(chosen, 'name', 100)!, version: str(chosen, 'version', 100) };
}

async function emitVulnerability(
  vuln: unknown,
  tool: ToolInfo,
  packages: Map<string, PackageRef>,
  sink: ReportSink,
) {
  if (!isObject(vuln)) return;
  const id = str(vuln, 'id', 100);
  if (!id) {
    sink.warning('A CycloneDX vulnerability without an id was skipped');
    return;
  }
  const analysis = obj(vuln, 'analysis');
  const state = str(analysis, 'state');
  const suppressed = state === 'not_affected' || state === 'false_positive' || state === 'resolved';
  const description = str(vuln, 'description', 20000) ?? str(vuln, 'detail', 20000);
  const cwe = arr(vuln, 'cwes')
    .map(c => num(c))
    .filter((c): c is number => c !== undefined)
    .map(c => `CWE-${c}`);
  const advisory = str(arr(vuln, 'advisories')[0], 'url', 2048);
  const affects = arr(vuln, 'affects');
  for (const affected of affects.length > 0 ? affects : [undefined]) {
    const ref = str(affected, 'ref', 512);
    const pkg = ref ? packages.get(ref) ?? refAsPackage(ref) : undefined;
    await sink.finding({
      type: 'vulnerability',
      tool,
      ruleId: id,
      vulnerabilityId: id,
      cwe: cwe.length > 0 ? cwe : undefined,
      severity: highestRating(vuln),
      title: description?.split('\n')[0].slice(0, 200) ?? id,
      message: description,
      helpUri: str(obj(vuln, 'source'), 'url', 2048) ?? advisory,
      package: pkg
        ? {
            purl: pkg.purl,
            name: pkg.name,
            installedVersion: pkg.version,
            fixedVersion: fixedVersion(affected),
          }
        : undefined,
      fingerprint: `${id}|${pkg?.purl ?? pkg?.name ?? ref ?? ''}`,
      status: suppressed ? 'suppressed' : undefined,
      suppression: suppressed
        ? {
            kind: `vex:${state}`,
            justification:
              [str(analysis, 'justification'), str(analysis, 'detail', 4000)]
                .filter(Boolean)
                .join(': ') || undefined,
          }
        : undefined,
    });
  }
}

function refAsPackage(ref: string): PackageRef {
  const m = /^pkg:[^/]+\/(.+?)(?:@([^?#]+))?(?:[?#].*)?$/.exec(ref);
  return m ? { purl: ref, name: decodeURIComponent(m[1]), version: m[2] } : { name: ref };
}

function fixedVersion(affected: unknown): string | undefined {
  const fixed = arr(affected, 'versions').find(v => str(v, 'status') === 'unaffected');
  return str(fixed, 'version', 255);
}

function highestRating(vuln: unknown): Severity {
  let best: Severity | undefined;
  for (const rating of arr(vuln, 'ratings')) {
    const s =
      severityFromWord(str(rating, 'severity')) ??
      (num(rating, 'score') !== undefined ? severityFromScore(num(rating, 'score')!) : undefined);
    if (s && (!best || SEVERITIES.indexOf(s) < SEVERITIES.indexOf(best))) best = s;
  }
  return best ?? 'medium';
}
