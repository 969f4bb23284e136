import { secretScanEvidence } from '../detect/scanners';
import { Repository } from '../model/Repository';
import { asMap, get, items, str } from '../model/yamlTree';
import { Finding } from '../types';
import { defineRule } from './defineRule';
import { ciAnchor, perCi } from './support';

const PRE_COMMIT = '.pre-commit-config.yaml';
const SECRET_HOOKS = /^(gitleaks(-docker|-system)?|detect-secrets|trufflehog)$/;
const SECRET_REPOS = /gitleaks|detect-secrets|trufflehog/;

/** The secret-scanning hook ids of the pre-commit configuration. */
export function preCommitSecretHooks(repo: Repository): {
  ids: string[];
  line?: number;
} {
  const root = asMap(repo.yaml(PRE_COMMIT)?.documents[0]);
  const ids: string[] = [];
  let line: number | undefined;
  for (const entry of items(get(root, 'repos'))) {
    const url = str(get(entry, 'repo')) ?? '';
    for (const hook of items(get(entry, 'hooks'))) {
      const id = str(get(hook, 'id')) ?? '';
      if (
        SECRET_HOOKS.test(id) ||
        (SECRET_REPOS.test(url) && url !== 'local')
      ) {
        ids.push(id);
        line ??= hook.line;
      }
    }
  }
  return { ids, line };
}

export const r12 = defineRule({
  id: 'R12',
  title: 'Secret scanning runs as a pre-commit hook and in CI',
  description:
    'Secret scanning as a pre-commit hook (`.pre-commit-config.yaml` with a gitleaks, detect-secrets or trufflehog hook) and as a CI job.',
  helpUri: 'https://github.com/gitleaks/gitleaks#pre-commit',
  severity: 'high',
  check: repo => {
    const hooks = preCommitSecretHooks(repo);
    const findings: Finding[] = [];
    if (hooks.ids.length === 0) {
      findings.push({
        file: PRE_COMMIT,
        message: repo.has(PRE_COMMIT)
          ? 'The pre-commit configuration has no secret-scanning hook. Add gitleaks (`repo: https://github.com/gitleaks/gitleaks`, `id: gitleaks`), detect-secrets or trufflehog.'
          : 'No `.pre-commit-config.yaml`: add one with a gitleaks, detect-secrets or trufflehog hook so secrets are stopped before they are committed.',
      });
    }
    findings.push(
      ...perCi(
        repo,
        (ci, jobs) => {
          const scans = jobs.filter(
            j => secretScanEvidence(j, hooks.ids) !== undefined,
          );
          if (
            scans.some(
              j => j.events.has('pull_request') || j.events.has('push'),
            )
          )
            return [];
          return [
            {
              file: ciAnchor(repo, ci),
              message:
                scans.length > 0
                  ? 'The secret scan runs neither on pushes nor on pull/merge requests. Run it on both.'
                  : 'No secret-scanning job: run gitleaks (or trufflehog, detect-secrets) over the repository on pushes and pull/merge requests.',
            },
          ];
        },
        'a secret-scanning job must run on pushes and pull requests.',
      ),
    );
    return findings;
  },
});
