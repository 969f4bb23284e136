import { Evidence } from '../detect/evidence';
import { imageScanGate, imageScanSarif } from '../detect/scanners';
import { codeScanningUploads, portalUploads } from '../detect/uploads';
import { CiJob } from '../model/ciJob';
import { Repository } from '../model/Repository';
import { CiSystem, Finding } from '../types';
import { defineRule } from './defineRule';
import { ciAnchor, perCi } from './support';

/** An upload still runs when the gate before it fails. */
function survivesGate(upload: Evidence, gate: Evidence, job: CiJob): boolean {
  if (upload.order < gate.order) return true;
  if (gate.step?.mayFail) return true;
  if (job.ci === 'github')
    return /\b(always|failure)\(\)|!\s*cancelled\(\)/.test(
      upload.step?.condition ?? '',
    );
  if (job.ci === 'gitlab') return upload.step?.section === 'after_script';
  return false;
}

function checkCi(repo: Repository, ci: CiSystem, jobs: CiJob[]): Finding[] {
  const gates = jobs.flatMap(job => {
    const gate = imageScanGate(job);
    return gate ? [{ job, gate }] : [];
  });
  if (gates.length === 0) {
    return [
      {
        file: ciAnchor(repo, ci),
        message:
          "No image scan gate: scan the built image (`trivy image --severity HIGH,CRITICAL --exit-code 1 <image>@<digest>`, or grype `--fail-on high`) so the pipeline fails above the template's threshold.",
      },
    ];
  }
  const findings: Finding[] = [];
  for (const { job, gate } of gates) {
    const at = { file: gate.file, line: gate.line };
    if (!gate.threshold) {
      findings.push({
        ...at,
        message: `${gate.what} in \`${job.name}\` fails on any finding but sets no severity threshold; set the template's threshold (e.g. \`severity: HIGH,CRITICAL\`).`,
      });
    }
    if (!imageScanSarif(job)) {
      findings.push({
        ...at,
        message: `${gate.what} in \`${job.name}\` writes no SARIF, so results reach neither code scanning nor the portal. Add a SARIF run (\`format: sarif\`).`,
      });
    }
    const destinations: Array<[string, Evidence[]]> = [
      ['the portal (`POST /api/security/v1/reports`)', portalUploads(job)],
    ];
    if (ci === 'github')
      destinations.unshift([
        'code scanning (`github/codeql-action/upload-sarif`)',
        codeScanningUploads(job),
      ]);
    const alwaysJobs = repo
      .pipelineOf(job)
      .filter(j => j !== job && j.runsAlways);
    for (const [where, uploads] of destinations) {
      const elsewhere =
        alwaysJobs.some(j => portalUploads(j).length > 0) &&
        where.startsWith('the portal');
      if (uploads.length === 0 && !elsewhere) {
        findings.push({
          ...at,
          message: `Image scan results of \`${job.name}\` are not uploaded to ${where}.`,
        });
      } else if (
        uploads.length > 0 &&
        !uploads.some(u => survivesGate(u, gate, job)) &&
        !elsewhere
      ) {
        findings.push({
          file: uploads[0].file,
          line: uploads[0].line,
          message: `The upload to ${where} runs after the gate and is skipped exactly when the gate fails. ${
            ci === 'github'
              ? 'Add `if: ${{ !cancelled() }}` to the upload step'
              : 'Move the upload to `after_script` (GitLab) or a `finally` task (Tekton)'
          }, or upload before gating.`,
        });
      }
    }
  }
  return findings;
}

export const r20 = defineRule({
  id: 'R20',
  title: 'Image scan gate fails on the severity threshold and reports results',
  description:
    "An image scan gate fails on the template's severity threshold; results go to code scanning (SARIF, GitHub) and to the portal's ingest API, even when the gate fails.",
  helpUri: 'https://github.com/aquasecurity/trivy-action#inputs',
  severity: 'high',
  check: repo =>
    perCi(
      repo,
      (ci, jobs) => checkCi(repo, ci, jobs),
      'the built image must be scanned with a failing threshold.',
    ),
});
