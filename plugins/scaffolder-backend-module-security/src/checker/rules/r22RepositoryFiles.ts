import { ownersOf } from '../model/codeowners';
import { Repository } from '../model/Repository';
import { CiSystem, Finding } from '../types';
import { defineRule } from './defineRule';
import { scorecard } from './support';

const SECURITY_POLICY = [
  'SECURITY.md',
  '.github/SECURITY.md',
  'docs/SECURITY.md',
  '.gitlab/SECURITY.md',
];
const LICENSE = /^(LICEN[CS]E|COPYING)(\.(md|txt|rst))?$/i;

/** The files of each protected area, and the path to test when the area is empty. */
function protectedAreas(
  repo: Repository,
): Array<{ label: string; files: string[]; probe: string }> {
  const areas: Array<{ label: string; files: string[]; probe: string }> = [];
  const ci: Record<
    CiSystem,
    () => { label: string; files: string[]; probe: string }
  > = {
    github: () => ({
      label: '.github/workflows/**',
      files: repo.githubWorkflows.map(w => w.file),
      probe: '.github/workflows/ci.yml',
    }),
    gitlab: () => ({
      label: '.gitlab-ci.yml and its local includes',
      files: repo.gitlab?.files ?? ['.gitlab-ci.yml'],
      probe: '.gitlab-ci.yml',
    }),
    tekton: () => ({
      label: '.tekton/**',
      files: repo.paths.filter(p => p.startsWith('.tekton/')),
      probe: '.tekton/pipeline.yaml',
    }),
  };
  for (const system of repo.ciSystems) areas.push(ci[system]());
  areas.push({
    label: 'deploy/**',
    files: repo.paths.filter(p => p.startsWith('deploy/')),
    probe: 'deploy/kustomization.yaml',
  });
  return areas;
}

function codeownersFindings(repo: Repository): Finding[] {
  const codeowners = repo.codeowners;
  if (!codeowners) {
    return [
      {
        file: 'CODEOWNERS',
        message:
          'No CODEOWNERS file (root, .github/, docs/ or .gitlab/): nobody is required to review changes to the pipeline and the deployment. Add one that owns the CI configuration and deploy/.',
      },
    ];
  }
  const findings: Finding[] = [];
  for (const area of protectedAreas(repo)) {
    const files = area.files.length > 0 ? area.files : [area.probe];
    const unowned = files.filter(
      f => ownersOf(codeowners.entries, f).length === 0,
    );
    if (unowned.length === 0) continue;
    findings.push({
      file: codeowners.path,
      message: `CODEOWNERS gives no owner to ${unowned[0]}${
        unowned.length > 1 ? ` and ${unowned.length - 1} more` : ''
      } (${area.label}). Add a line such as \`/${area.label
        .split(' ')[0]
        .replace(/\*\*$/, '')} @org/security-team\`.`,
    });
  }
  return findings;
}

export const r22 = defineRule({
  id: 'R22',
  title:
    'SECURITY.md, LICENSE and CODEOWNERS exist and cover workflows and deploy',
  description:
    "`SECURITY.md`, `LICENSE`, `CODEOWNERS` exist; CODEOWNERS covers `.github/workflows/**` (or the CI system's files: `.gitlab-ci.yml` and its includes, `.tekton/**`) and `deploy/**`.",
  helpUri: scorecard('Security-Policy'),
  severity: 'medium',
  check: repo => {
    const findings: Finding[] = [];
    if (!SECURITY_POLICY.some(p => repo.has(p))) {
      findings.push({
        file: 'SECURITY.md',
        message:
          'No SECURITY.md: reporters do not know how to disclose a vulnerability privately. Add one with the contact and the expected response time.',
      });
    }
    if (!repo.paths.some(p => !p.includes('/') && LICENSE.test(p))) {
      findings.push({
        file: 'LICENSE',
        message:
          'No LICENSE file at the repository root. Add the license the code is released under.',
      });
    }
    findings.push(...codeownersFindings(repo));
    return findings;
  },
});
