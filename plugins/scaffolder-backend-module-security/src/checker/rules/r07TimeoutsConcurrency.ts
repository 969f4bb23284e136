import { annotation, PAC } from '../model/tekton';
import { get, isTrue, str } from '../model/yamlTree';
import { Finding } from '../types';
import { defineRule } from './defineRule';
import { needsCi, perCi } from './support';

export const r07 = defineRule({
  id: 'R07',
  title: 'Every job has a timeout and the workflow has concurrency control',
  description:
    'Every job has `timeout-minutes`; the workflow has `concurrency`. GitLab: every job has a `timeout`, jobs are `interruptible` and deploy jobs use a `resource_group`. Tekton: PipelineRuns set `timeouts.pipeline` and `pipelinesascode.tekton.dev/cancel-in-progress`.',
  helpUri:
    'https://docs.github.com/en/actions/writing-workflows/workflow-syntax-for-github-actions#jobsjob_idtimeout-minutes',
  severity: 'low',
  notApplicable: needsCi,
  check: repo =>
    perCi(repo, ci => {
      if (ci === 'github') {
        return repo.githubWorkflows.flatMap(workflow => {
          const findings: Finding[] = [];
          if (!workflow.concurrency) {
            findings.push({
              file: workflow.file,
              line: workflow.on?.keyLine ?? 1,
              message:
                'The workflow has no `concurrency:`, so pushes in quick succession run side by side. Add `concurrency: { group: ${{ github.workflow }}-${{ github.ref }}, cancel-in-progress: true }` (no cancelling for deploy workflows).',
            });
          }
          for (const job of workflow.jobs) {
            // Jobs that call a reusable workflow cannot set timeout-minutes; the called jobs do.
            if (job.uses || job.timeout) continue;
            findings.push({
              file: workflow.file,
              line: job.line,
              message: `Job \`${job.id}\` has no \`timeout-minutes\`; a stuck step holds a runner for 6 hours. Set a timeout close to its normal run time.`,
            });
          }
          return findings;
        });
      }
      if (ci === 'gitlab') {
        const pipeline = repo.gitlab;
        if (!pipeline) return [];
        const findings: Finding[] = [];
        for (const job of pipeline.jobs) {
          const at = { file: job.file, line: job.line };
          if (!get(job.config, 'timeout') && !get(job.config, 'trigger')) {
            findings.push({
              ...at,
              message: `Job \`${job.name}\` has no \`timeout\`; it falls back to the project's (60 minutes or more). Set \`timeout:\` on the job or in \`default:\`.`,
            });
          }
          const deploys = get(job.config, 'environment') !== undefined;
          if (deploys && !get(job.config, 'resource_group')) {
            findings.push({
              ...at,
              message: `Deploy job \`${job.name}\` has no \`resource_group\`, so two pipelines can deploy at once. Add \`resource_group: <environment>\`.`,
            });
          }
          if (!deploys && !isTrue(get(job.config, 'interruptible'))) {
            findings.push({
              ...at,
              message: `Job \`${job.name}\` is not \`interruptible\`, so a newer pipeline cannot cancel it. Set \`default: { interruptible: true }\` (and \`interruptible: false\` on deploy jobs).`,
            });
          }
        }
        return findings;
      }
      return repo.tekton.pipelineRuns.flatMap(run => {
        const findings: Finding[] = [];
        const timeout =
          str(get(run.node, 'spec', 'timeouts', 'pipeline')) ??
          str(get(run.node, 'spec', 'timeout'));
        if (!timeout || /^0+[hms]?$/.test(timeout)) {
          findings.push({
            file: run.file,
            line: run.line,
            message: `PipelineRun \`${run.name}\` sets no \`spec.timeouts.pipeline\` (a zero timeout means none). Set one close to the pipeline's normal run time.`,
          });
        }
        const cancel = annotation(run, `${PAC}/cancel-in-progress`);
        const repository = repo.tekton.objects.some(
          o =>
            o.kind === 'Repository' &&
            str(get(o.node, 'spec', 'concurrency_limit')) !== undefined,
        );
        if (cancel !== 'true' && !repository) {
          findings.push({
            file: run.file,
            line: run.line,
            message: `PipelineRun \`${run.name}\` lets every push start another run beside the running one. Add the annotation \`${PAC}/cancel-in-progress: "true"\` (or a \`concurrency_limit\` in the Repository).`,
          });
        }
        return findings;
      });
    }),
});
