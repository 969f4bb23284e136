import { InputError } from '@backstage/errors';
import { severityFromWord } from '@devsecops/plugin-security-common';
import {
  ReportFormat,
  ToolInfo,
  arr,
  obj,
  selectJsonValues,
  str,
} from '@devsecops/plugin-security-node';

/** Grype's JSON (`grype ... -o json`): one finding per match of a vulnerability to a package. */
export const grypeFormat: ReportFormat = {
  id: 'grype',
  displayName: 'Grype JSON',
  detect(head) {
    return /"matches"\s*:\s*\[/.test(head) && /"(vulnerability|matchDetails|artifact)"\s*:/.test(head);
  },
  async parse(input, sink) {
    const tool: ToolInfo = { name: 'grype' };
    let sawMatches = false;
    sink.toolRun(tool);
    const selectors = [['matches', '*'], ['descriptor']];
    for await (const { path, value } of selectJsonValues(input.open(), selectors)) {
      if (path[0] === 'descriptor') {
        tool.version = str(value, 'version', 100);
        sink.toolRun(tool);
        continue;
      }
      sawMatches = true;
      const vuln = obj(value, 'vulnerability');
      const id = str(vuln, 'id', 100);
      const artifact = obj(value, 'artifact');
      if (!id || !artifact) {
        sink.warning('A Grype match without vulnerability id or artifact was skipped');
        continue;
      }
      const fix = obj(vuln, 'fix');
      const location = str(arr(artifact, 'locations')[0], 'path', 2048);
      const purl = str(artifact, 'purl', 2048);
      const name = str(artifact, 'name', 255);
      const version = str(artifact, 'version', 255);
      const related = arr(value, 'relatedVulnerabilities');
      const description =
        str(vuln, 'description', 20000) ?? str(related[0], 'description', 20000);
      await sink.finding({
        type: 'vulnerability',
        tool,
        ruleId: id,
        vulnerabilityId: id,
        severity: severityFromWord(str(vuln, 'severity')) ?? 'medium',
        title: description?.split('\n')[0].slice(0, 200) ?? `${id} in ${name ?? 'a package'}`,
        message: description,
        helpUri: str(vuln, 'dataSource', 2048) ?? str(arr(vuln, 'urls')[0], undefined, 2048),
        package: {
          purl,
          name,
          installedVersion: version,
          fixedVersion: arr(fix, 'versions').map(v => str(v, undefined, 100)).filter(Boolean).join(', ') || undefined,
        },
        location: location ? { path: location } : undefined,
        fingerprint: `${id}|${purl ?? `${name}@${version}`}|${location ?? ''}`,
      });
    }
    if (!sawMatches && tool.version === undefined) {
      throw new InputError('The Grype report has neither matches nor a descriptor');
    }
  },
};
