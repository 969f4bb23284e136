import { commandLines, scriptFromScalar } from '../model/shell';
import { get, str } from '../model/yamlTree';
import { Finding } from '../types';
import { defineRule } from './defineRule';
import { onlyFor, scorecard } from './support';

const PRIVILEGED_TRIGGERS = ['pull_request_target', 'workflow_run'];
/** Expressions that name the pull request's (untrusted) head. */
const HEAD_REF =
  /github\.event\.pull_request\.head\.(sha|ref|repo\.full_name)|github\.head_ref|github\.event\.workflow_run\.head_(sha|branch|repository\.full_name)|github\.event\.pull_request\.merge_commit_sha|refs\/pull\//;
/** Shell commands that fetch or check out the pull request's head. */
const HEAD_CHECKOUT =
  /\bgh\s+pr\s+checkout\b|\bgit\s+(fetch|checkout|switch)\b.*(pull\/|github\.event\.pull_request|github\.head_ref|workflow_run\.head)/;

export const r04 = defineRule({
  id: 'R04',
  title:
    'No pull_request_target or workflow_run with a checkout of untrusted code',
  description:
    'No `pull_request_target`/`workflow_run` trigger combined with a checkout of the PR head.',
  helpUri: scorecard('Dangerous-Workflow'),
  severity: 'critical',
  notApplicable: onlyFor(
    ['github'],
    'Only GitHub Actions has privileged triggers that run in the base repository context; GitLab fork pipelines and Pipelines-as-Code pull requests run without the target project secrets unless a maintainer approves them',
  ),
  check: repo =>
    repo.githubWorkflows.flatMap(workflow => {
      const triggers = PRIVILEGED_TRIGGERS.filter(t =>
        workflow.triggers.has(t),
      );
      if (triggers.length === 0) return [];
      const findings: Finding[] = [];
      const message = `This \`${triggers.join(
        '`/`',
      )}\` workflow checks out the pull request's head: untrusted code then runs with a write token and the repository's secrets. Use \`pull_request\` for anything that builds or runs the change, and keep the privileged workflow to reading its artifacts.`;
      for (const job of workflow.jobs) {
        for (const step of job.steps) {
          const uses = (str(step.uses) ?? '').toLowerCase();
          if (uses.startsWith('actions/checkout@')) {
            const ref = str(get(step.with, 'ref')) ?? '';
            const repository = str(get(step.with, 'repository')) ?? '';
            if (HEAD_REF.test(ref) || HEAD_REF.test(repository)) {
              findings.push({
                file: workflow.file,
                line: step.line,
                message,
                ci: 'github',
              });
            }
          }
          if (step.run) {
            for (const line of commandLines(scriptFromScalar(step.run))) {
              if (HEAD_CHECKOUT.test(line.text)) {
                findings.push({
                  file: workflow.file,
                  line: line.line,
                  message,
                  ci: 'github',
                });
              }
            }
          }
        }
      }
      return findings;
    }),
});
