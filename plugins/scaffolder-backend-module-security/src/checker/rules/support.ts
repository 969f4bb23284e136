import { CiJob } from '../model/ciJob';
import { Repository } from '../model/Repository';
import { CiSystem, Finding } from '../types';

export const CI_LABEL: Record<CiSystem, string> = {
  github: 'GitHub Actions',
  gitlab: 'GitLab CI',
  tekton: 'Tekton',
};

const SCORECARD = 'https://github.com/ossf/scorecard/blob/main/docs/checks.md';

/** A link to an OpenSSF Scorecard check's documentation. */
export function scorecard(check: string): string {
  return `${SCORECARD}#${check.toLowerCase()}`;
}

/** The file a finding about a whole CI system points at (where the missing job belongs). */
export function ciAnchor(repo: Repository, ci: CiSystem): string {
  if (ci === 'github') {
    const workflows = repo.githubWorkflows;
    const main =
      workflows.find(
        w => w.triggers.has('pull_request') && w.triggers.has('push'),
      ) ?? workflows[0];
    return main?.file ?? '.github/workflows';
  }
  if (ci === 'gitlab') return '.gitlab-ci.yml';
  return (
    repo.tekton.pipelineRuns[0]?.file ??
    repo.tekton.objects[0]?.file ??
    '.tekton'
  );
}

/** The file a repository-wide finding names: the repository itself. */
export const REPOSITORY_ROOT = '.';

/**
 * Runs `check` once per CI system found, with that system's jobs. Rules that require a job
 * pass `whenNoCi`: without any CI configuration that is a finding about the repository.
 */
export function perCi(
  repo: Repository,
  check: (ci: CiSystem, jobs: CiJob[]) => Finding[],
  whenNoCi?: string,
): Finding[] {
  if (repo.ciSystems.length === 0 && whenNoCi) {
    return [
      {
        file: REPOSITORY_ROOT,
        message: `No CI configuration found (.github/workflows, .gitlab-ci.yml or .tekton/): ${whenNoCi}`,
      },
    ];
  }
  return repo.ciSystems.flatMap(ci =>
    check(ci, repo.jobs(ci)).map(f => ({ ci, ...f })),
  );
}

/** For rules that need a CI pipeline: not applicable when there is none. */
export function needsCi(repo: Repository): string | undefined {
  return repo.ciSystems.length === 0
    ? 'No CI configuration found (.github/workflows, .gitlab-ci.yml or .tekton/)'
    : undefined;
}

/** For rules that only some CI systems have: not applicable without CI, or without those. */
export function onlyFor(systems: CiSystem[], why: string) {
  return (repo: Repository): string | undefined => {
    if (repo.ciSystems.length === 0) return needsCi(repo);
    return repo.ciSystems.some(ci => systems.includes(ci)) ? undefined : why;
  };
}

export function quoteList(values: Iterable<string>): string {
  return [...values].map(v => `\`${v}\``).join(', ');
}
