import { InputError } from '@backstage/errors';
import { severityFromWord } from '@devsecops/plugin-security-common';
import {
  ReportFormat,
  ToolInfo,
  arr,
  field,
  num,
  obj,
  selectJsonValues,
  str,
} from '@devsecops/plugin-security-node';

/** Trivy's own JSON (`trivy ... --format json`): vulnerabilities, misconfigurations, secrets. */
export const trivyFormat: ReportFormat = {
  id: 'trivy',
  displayName: 'Trivy JSON',
  detect(head) {
    return /"SchemaVersion"\s*:/.test(head) && /"(ArtifactName|Results)"\s*:/.test(head);
  },
  async parse(input, sink) {
    const tool: ToolInfo = { name: 'trivy' };
    const targets = new Map<number, string>();
    let sawSchema = false;
    let announced = false;
    const selectors = [
      ['SchemaVersion'],
      ['Trivy'],
      ['Results', '*', 'Target'],
      ['Results', '*', 'Vulnerabilities', '*'],
      ['Results', '*', 'Misconfigurations', '*'],
      ['Results', '*', 'Secrets', '*'],
    ];
    for await (const { path, value } of selectJsonValues(input.open(), selectors)) {
      if (path[0] === 'SchemaVersion') {
        if (value !== 2) {
          throw new InputError(`Unsupported Trivy SchemaVersion ${JSON.stringify(value)}: 2 is read`);
        }
        sawSchema = true;
        continue;
      }
      if (path[0] === 'Trivy') {
        tool.version = str(value, 'Version', 100);
        continue;
      }
      if (!announced) {
        sink.toolRun(tool);
        announced = true;
      }
      const index = path[1] as number;
      if (path[2] === 'Target') {
        targets.set(index, str(value, undefined, 2048) ?? '');
        continue;
      }
      const target = targets.get(index) ?? '';
      if (path[2] === 'Vulnerabilities') await vulnerability(value, target);
      else if (path[2] === 'Misconfigurations') await misconfiguration(value, target);
      else if (path[2] === 'Secrets') await secret(value, target);
    }
    if (!sawSchema) throw new InputError('The Trivy report has no SchemaVersion');
    if (!announced) sink.toolRun(tool);

    async function vulnerability(v: unknown, target: string) {
      const id = str(v, 'VulnerabilityID', 100);
      if (!id) return;
      const purl = str(obj(v, 'PkgIdentifier'), 'PURL', 2048);
      const name = str(v, 'PkgName', 255);
      const installed = str(v, 'InstalledVersion', 255);
      await sink.finding({
        type: 'vulnerability',
        tool,
        ruleId: id,
        vulnerabilityId: id,
        cwe: arr(v, 'CweIDs').map(c => str(c)).filter((c): c is string => Boolean(c)),
        severity: severityFromWord(str(v, 'Severity')) ?? 'medium',
        title: str(v, 'Title', 1000) ?? id,
        message: str(v, 'Description', 20000),
        helpUri: str(v, 'PrimaryURL', 2048),
        package: { purl, name, installedVersion: installed, fixedVersion: str(v, 'FixedVersion', 255) },
        location: target ? { path: target } : undefined,
        fingerprint: `${id}|${purl ?? `${name}@${installed}`}|${target}`,
      });
    }

    async function misconfiguration(m: unknown, target: string) {
      if (str(m, 'Status') && str(m, 'Status') !== 'FAIL') return;
      const id = str(m, 'AVDID', 100) ?? str(m, 'ID', 100);
      if (!id) return;
      const cause = obj(m, 'CauseMetadata');
      await sink.finding({
        type: 'misconfiguration',
        tool,
        ruleId: id,
        severity: severityFromWord(str(m, 'Severity')) ?? 'medium',
        title: str(m, 'Title', 1000) ?? id,
        message: [str(m, 'Message', 10000), str(m, 'Resolution', 4000)].filter(Boolean).join('\n\n') || undefined,
        helpUri: str(m, 'PrimaryURL', 2048),
        location: target
          ? { path: target, startLine: num(cause, 'StartLine'), endLine: num(cause, 'EndLine') }
          : undefined,
        fingerprint: `${id}|${target}|${str(cause, 'Resource', 512) ?? ''}|${str(m, 'Message', 1000) ?? ''}`,
      });
    }

    async function secret(s: unknown, target: string) {
      const id = str(s, 'RuleID', 100);
      if (!id) return;
      // The matched text is deliberately not kept: even redacted it is part of a secret.
      await sink.finding({
        type: 'secret',
        tool,
        ruleId: id,
        severity: severityFromWord(str(s, 'Severity')) ?? 'high',
        title: str(s, 'Title', 1000) ?? id,
        message: str(s, 'Category', 200) ? `Category: ${str(s, 'Category', 200)}` : undefined,
        location: { path: target, startLine: num(s, 'StartLine'), endLine: num(s, 'EndLine') },
        fingerprint: `${id}|${target}|${num(s, 'StartLine') ?? ''}|${field(s, 'Offset') ?? ''}`,
      });
    }
  },
};
