import { sastEvidence } from '../detect/scanners';
import { CiEvent } from '../model/ciJob';
import { CiSystem } from '../types';
import { defineRule } from './defineRule';
import { ciAnchor, perCi, quoteList, scorecard } from './support';

/** Pipelines-as-Code has no schedule trigger; a schedule there is cluster configuration. */
const REQUIRED_EVENTS: Record<CiSystem, CiEvent[]> = {
  github: ['push', 'pull_request', 'schedule'],
  gitlab: ['push', 'pull_request', 'schedule'],
  tekton: ['push', 'pull_request'],
};

const EVENT_WORDS: Record<string, string> = {
  push: 'push',
  pull_request: 'pull/merge requests',
  schedule: 'a schedule',
};

export const r10 = defineRule({
  id: 'R10',
  title: 'SAST (CodeQL or Semgrep) runs on push, pull request and schedule',
  description:
    'A SAST job (CodeQL or Semgrep) on push, pull request and schedule. GitLab: the SAST template, a SAST component or a Semgrep job, in pipelines for the default branch, merge requests and schedules. Tekton: a Semgrep/CodeQL task in PipelineRuns for push and pull_request (schedules are not expressible in Pipelines-as-Code).',
  helpUri: scorecard('SAST'),
  severity: 'medium',
  check: repo =>
    perCi(
      repo,
      (ci, jobs) => {
        const sast = jobs.flatMap(job => {
          const evidence = sastEvidence(job);
          return evidence ? [{ job, evidence }] : [];
        });
        if (sast.length === 0) {
          return [
            {
              file: ciAnchor(repo, ci),
              message:
                ci === 'gitlab'
                  ? 'No SAST job: include `template: Jobs/SAST.gitlab-ci.yml` (or run `semgrep ci`) for pushes, merge requests and schedules.'
                  : 'No SAST job: add CodeQL (`github/codeql-action/analyze`) or Semgrep (`semgrep ci`) for pushes, pull requests and a schedule.',
            },
          ];
        }
        const covered = new Set(sast.flatMap(s => [...s.job.events]));
        const missing = REQUIRED_EVENTS[ci].filter(e => !covered.has(e));
        if (missing.length === 0) return [];
        const { evidence } = sast[0];
        return [
          {
            file: evidence.file,
            line: evidence.line,
            message: `SAST (${evidence.what}) does not run on ${missing
              .map(e => EVENT_WORDS[e])
              .join(', ')}. Trigger it on ${quoteList(REQUIRED_EVENTS[ci])}.`,
          },
        ];
      },
      'a SAST job (CodeQL or Semgrep) must run on push, pull requests and a schedule.',
    ),
});
