import { InputError } from '@backstage/errors';
import {
  ReportFormat,
  ToolInfo,
  arr,
  selectJsonValues,
  str,
} from '@devsecops/plugin-security-node';

const VERSIONS = new Set(['SPDX-2.2', 'SPDX-2.3']);
const NO_LICENSE = new Set(['NOASSERTION', 'NONE']);

/** SPDX 2.2/2.3 JSON: packages with purls, licenses and relationships. */
export const spdxFormat: ReportFormat = {
  id: 'spdx',
  displayName: 'SPDX 2.3 JSON',
  detect(head) {
    return /"spdxVersion"\s*:\s*"SPDX-/.test(head);
  },
  async parse(input, sink) {
    let sawVersion = false;
    let tool: ToolInfo = { name: 'spdx' };
    const selectors = [
      ['spdxVersion'],
      ['creationInfo'],
      ['documentDescribes'],
      ['packages', '*'],
      ['relationships', '*'],
    ];
    for await (const { path, value } of selectJsonValues(input.open(), selectors)) {
      switch (path[0]) {
        case 'spdxVersion':
          if (typeof value !== 'string' || !VERSIONS.has(value)) {
            throw new InputError(
              `Unsupported spdxVersion ${JSON.stringify(value)}: SPDX-2.2 and SPDX-2.3 are read`,
            );
          }
          sawVersion = true;
          break;
        case 'creationInfo': {
          // "Tool: syft-0.100.0" names the generator and its version
          const creator = arr(value, 'creators')
            .map(c => str(c, undefined, 200))
            .find(c => c?.startsWith('Tool:'));
          const m = creator && /^Tool:\s*(.+?)(?:-(v?\d[\w.+-]*))?$/.exec(creator);
          if (m) tool = { name: m[1].slice(0, 100), version: m[2] };
          break;
        }
        case 'documentDescribes':
          for (const ref of arr(value)) {
            const r = str(ref, undefined, 512);
            if (r) sink.sbomRoot(r);
          }
          break;
        case 'packages': {
          const name = str(value, 'name', 512);
          if (!name) break;
          const purl = arr(value, 'externalRefs').find(
            r => str(r, 'referenceType') === 'purl',
          );
          const licenses = [str(value, 'licenseConcluded', 512), str(value, 'licenseDeclared', 512)]
            .filter((l): l is string => Boolean(l) && !NO_LICENSE.has(l!));
          const hashes: Record<string, string> = {};
          for (const c of arr(value, 'checksums')) {
            const alg = str(c, 'algorithm', 32);
            const digest = str(c, 'checksumValue', 256);
            if (alg && digest) hashes[alg] = digest;
          }
          await sink.component({
            ref: str(value, 'SPDXID', 512),
            name,
            version: str(value, 'versionInfo', 255),
            purl: str(purl, 'referenceLocator', 2048),
            type: str(value, 'primaryPackagePurpose', 64)?.toLowerCase(),
            licenses: [...new Set(licenses)],
            hashes: Object.keys(hashes).length > 0 ? hashes : undefined,
          });
          break;
        }
        case 'relationships': {
          const from = str(value, 'spdxElementId', 512);
          const to = str(value, 'relatedSpdxElement', 512);
          const type = str(value, 'relationshipType');
          if (!from || !to) break;
          if (type === 'DESCRIBES' && from === 'SPDXRef-DOCUMENT') sink.sbomRoot(to);
          else if (type === 'DEPENDS_ON' || type === 'CONTAINS') await sink.dependency(from, to);
          else if (type === 'DEPENDENCY_OF' || type === 'CONTAINED_BY') await sink.dependency(to, from);
          break;
        }
        default:
      }
    }
    if (!sawVersion) throw new InputError('The document has no spdxVersion');
    sink.toolRun(tool);
  },
};
