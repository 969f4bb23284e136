import { IacScan, iacScans } from '../detect/scanners';
import { codeScanningUploads, portalUploads } from '../detect/uploads';
import { CiJob } from '../model/ciJob';
import { Finding } from '../types';
import { defineRule } from './defineRule';
import { CI_LABEL, ciAnchor, perCi } from './support';

interface Scan {
  job: CiJob;
  scan: IacScan;
}

/** SARIF goes to code scanning on GitHub; elsewhere (and optionally on GitHub) to the portal. */
function uploaded(job: CiJob): boolean {
  return job.ci === 'github'
    ? codeScanningUploads(job).length > 0
    : portalUploads(job).length > 0;
}

export const r13 = defineRule({
  id: 'R13',
  title: 'IaC and Dockerfile scanning with SARIF upload',
  description:
    "IaC scanning of `deploy/` and the `Dockerfile` with SARIF upload (GitHub: to code scanning with `github/codeql-action/upload-sarif`; GitLab and Tekton: to the portal's ingest API).",
  helpUri: 'https://github.com/ossf/scorecard/blob/main/docs/checks.md#sast',
  severity: 'medium',
  notApplicable: repo =>
    repo.dockerfiles.length === 0 &&
    !repo.paths.some(p => p.startsWith('deploy/'))
      ? 'No Dockerfile and no deploy/ folder to scan'
      : undefined,
  check: repo => {
    const wantDockerfile = repo.dockerfiles.length > 0;
    const wantDeploy = repo.paths.some(p => p.startsWith('deploy/'));
    return perCi(
      repo,
      (ci, jobs) => {
        const scans: Scan[] = jobs.flatMap(job =>
          iacScans(job).map(scan => ({ job, scan })),
        );
        const findings: Finding[] = [];
        const missing = [
          wantDockerfile && !scans.some(s => s.scan.dockerfile)
            ? 'the Dockerfile'
            : undefined,
          wantDeploy && !scans.some(s => s.scan.deploy) ? 'deploy/' : undefined,
        ].filter((m): m is string => m !== undefined);
        if (missing.length > 0) {
          findings.push({
            file: scans[0]?.scan.file ?? ciAnchor(repo, ci),
            line: scans[0]?.scan.line,
            message: `No IaC scan covers ${missing.join(
              ' and ',
            )}. Scan them (e.g. \`trivy config --format sarif .\`, \`checkov -d . -o sarif\`) and upload the SARIF.`,
          });
        }
        const destination =
          ci === 'github'
            ? 'code scanning (`github/codeql-action/upload-sarif`)'
            : 'the portal (`POST /api/security/v1/reports`)';
        for (const { job, scan } of scans) {
          if (!scan.sarif) {
            findings.push({
              file: scan.file,
              line: scan.line,
              message: `${scan.what} in \`${job.name}\` does not write SARIF; set its output format to SARIF so results reach ${destination}.`,
            });
          } else if (!uploaded(job)) {
            findings.push({
              file: scan.file,
              line: scan.line,
              message: `${scan.what} writes SARIF in \`${job.name}\`, but the job does not upload it to ${destination} (${CI_LABEL[ci]}).`,
            });
          }
        }
        return findings;
      },
      'an IaC scan of deploy/ and the Dockerfile must run and upload SARIF.',
    );
  },
});
