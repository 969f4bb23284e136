import { dependencyGate } from '../detect/scanners';
import { Finding } from '../types';
import { defineRule } from './defineRule';
import { ciAnchor, perCi, scorecard } from './support';

export const r11 = defineRule({
  id: 'R11',
  title: 'Dependency vulnerability gate on pull requests',
  description:
    'A dependency/vulnerability gate on pull requests with a severity threshold (dependency-review-action `fail-on-severity`, `trivy fs --severity … --exit-code 1`, `grype dir:. --fail-on …`, `npm audit --audit-level …`, osv-scanner).',
  helpUri: scorecard('Vulnerabilities'),
  severity: 'high',
  check: repo =>
    perCi(
      repo,
      (ci, jobs) => {
        const gates = jobs.flatMap(job => {
          const gate = dependencyGate(job);
          return gate ? [{ job, gate }] : [];
        });
        const onPullRequests = gates.filter(g =>
          g.job.events.has('pull_request'),
        );
        if (onPullRequests.length === 0) {
          const first = gates[0];
          return [
            first
              ? {
                  file: first.gate.file,
                  line: first.gate.line,
                  message: `The dependency scan (${first.gate.what}) does not run on pull/merge requests, so vulnerable dependencies are merged before anyone sees them. Run it for pull requests.`,
                }
              : {
                  file: ciAnchor(repo, ci),
                  message:
                    "No dependency vulnerability gate: scan dependencies on every pull/merge request and fail on the template's threshold (e.g. `actions/dependency-review-action` with `fail-on-severity: high`, or `trivy fs --severity HIGH,CRITICAL --exit-code 1 .`).",
                },
          ];
        }
        const findings: Finding[] = [];
        for (const { gate } of onPullRequests) {
          if (!gate.failsBuild) {
            findings.push({
              file: gate.file,
              line: gate.line,
              message: `${gate.what} reports but cannot fail the job (exit code 0). Make it fail on findings (e.g. \`exit-code: 1\`).`,
            });
          } else if (!gate.threshold) {
            findings.push({
              file: gate.file,
              line: gate.line,
              message: `${gate.what} has no explicit severity threshold. Set the template's threshold (e.g. \`fail-on-severity: high\`, \`--severity HIGH,CRITICAL\`, \`--audit-level=high\`).`,
            });
          }
        }
        // One well-configured gate is enough; report the others only when none is.
        return findings.length < onPullRequests.length ? [] : findings;
      },
      'a dependency vulnerability gate must run on pull requests.',
    ),
});
