import {
  chainsSettings,
  chainsTypeHints,
  githubWriteScopes,
  gitlabTokenAudiences,
  hasWriteScope,
} from '../detect/platform';
import { provenance, verifications } from '../detect/supplyChain';
import { input } from '../model/ciJob';
import { Finding } from '../types';
import { defineRule } from './defineRule';
import { ciAnchor, perCi } from './support';

export const r18 = defineRule({
  id: 'R18',
  title: 'SLSA provenance generated and pushed with the image',
  description:
    'SLSA provenance (`generator_container_slsa3.yml@vX.Y.Z` or `actions/attest-build-provenance` with `push-to-registry: true`). GitLab: `cosign attest --type slsaprovenance1` keylessly. Tekton: Tekton Chains provenance for the image named by `IMAGE_URL`/`IMAGE_DIGEST` (Chains config with an in-toto/SLSA format stored in OCI, or a keyless `cosign verify-attestation --type slsaprovenance…` in the pipeline).',
  helpUri: 'https://slsa.dev/spec/v1.0/requirements',
  severity: 'high',
  check: repo =>
    perCi(
      repo,
      (ci, jobs) => {
        if (ci === 'tekton') {
          const hints = chainsTypeHints(repo);
          const chains = chainsSettings(repo);
          const verified = jobs.some(j =>
            verifications(j).some(
              v =>
                v.kind === 'attestation' &&
                v.identity !== undefined &&
                v.issuer !== undefined &&
                /slsaprovenance|slsa\.dev\/provenance/.test(
                  v.predicateType ?? '',
                ),
            ),
          );
          if (hints && (chains?.provenance || verified)) return [];
          return [
            {
              file: hints?.file ?? ciAnchor(repo, ci),
              line: hints?.line,
              message: hints
                ? 'Nothing shows that Tekton Chains records provenance: commit its configuration (`artifacts.pipelinerun.format: slsa/v1`, `artifacts.pipelinerun.storage: oci`) or verify it in the pipeline with `cosign verify-attestation --type slsaprovenance1 …`.'
                : 'Tekton Chains cannot record provenance for the image: no task declares `IMAGE_URL` and `IMAGE_DIGEST` results.',
            },
          ];
        }
        const found = jobs.flatMap(job => {
          const p = provenance(job);
          return p ? [{ job, p }] : [];
        });
        if (found.length === 0) {
          return [
            {
              file: ciAnchor(repo, ci),
              message:
                ci === 'github'
                  ? 'No SLSA provenance: call `slsa-framework/slsa-github-generator/.github/workflows/generator_container_slsa3.yml@vX.Y.Z` or use `actions/attest-build-provenance` with `push-to-registry: true`.'
                  : 'No SLSA provenance: attest the image with `cosign attest --yes --type slsaprovenance1 --predicate provenance.json <image>@<digest>`.',
            },
          ];
        }
        const findings: Finding[] = [];
        for (const { job, p } of found) {
          if (ci === 'github') {
            const scopes = githubWriteScopes(repo, job);
            const missing = p.needs.filter(
              n => !n.includes(':') && !hasWriteScope(scopes, n),
            );
            if (missing.length > 0) {
              findings.push({
                file: p.file,
                line: p.line,
                message: `${p.what} in \`${job.name}\` needs ${missing
                  .map(m => `\`${m}: write\``)
                  .join(' and ')} on its job.`,
              });
            }
            if (
              p.step &&
              p.what === 'actions/attest-build-provenance' &&
              !input(p.step, 'subject-digest')
            ) {
              findings.push({
                file: p.file,
                line: p.line,
                message:
                  'actions/attest-build-provenance names no `subject-digest`; attest the image digest the build produced.',
              });
            }
          } else if (
            !gitlabTokenAudiences(repo, job).some(a => /sigstore/.test(a))
          ) {
            findings.push({
              file: p.file,
              line: p.line,
              message: `${p.what} in \`${job.name}\` runs without \`id_tokens\` for the \`sigstore\` audience, so it cannot attest keylessly.`,
            });
          }
        }
        return findings;
      },
      'SLSA provenance must be generated and pushed with the image.',
    ),
});
