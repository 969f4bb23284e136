import { sbomAttestation, sbomGeneration } from '../detect/supplyChain';
import { Finding } from '../types';
import { defineRule } from './defineRule';
import { ciAnchor, perCi, scorecard } from './support';

export const r16 = defineRule({
  id: 'R16',
  title: 'SBOM generated and attached as an attestation',
  description:
    'An SBOM (CycloneDX or SPDX) is generated (syft, cdxgen, cyclonedx-*, trivy, `sbom: true`) and attached as an attestation (`actions/attest-sbom`, `cosign attest --type cyclonedx|spdxjson`).',
  helpUri: scorecard('SBOM'),
  severity: 'medium',
  check: repo =>
    perCi(
      repo,
      (ci, jobs) => {
        const generated = jobs.map(sbomGeneration).find(e => e !== undefined);
        const attested = jobs.map(sbomAttestation).find(e => e !== undefined);
        const findings: Finding[] = [];
        if (!generated) {
          findings.push({
            file: ciAnchor(repo, ci),
            message:
              'No job generates an SBOM. Generate CycloneDX or SPDX for the image (e.g. `syft <image>@<digest> -o cyclonedx-json`).',
          });
        }
        if (!attested) {
          findings.push({
            file: generated?.file ?? ciAnchor(repo, ci),
            line: generated?.line,
            message:
              'The SBOM is not attached to the image as a signed attestation. Add `actions/attest-sbom` or `cosign attest --yes --type cyclonedx --predicate sbom.json <image>@<digest>`.',
          });
        }
        return findings;
      },
      'an SBOM must be generated and attested.',
    ),
});
