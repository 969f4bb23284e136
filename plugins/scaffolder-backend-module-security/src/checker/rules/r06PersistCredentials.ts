import { get, isFalse, str } from '../model/yamlTree';
import { defineRule } from './defineRule';
import { onlyFor } from './support';

export const r06 = defineRule({
  id: 'R06',
  title: 'Checkout does not persist credentials',
  description: '`actions/checkout` sets `persist-credentials: false`.',
  helpUri: 'https://github.com/actions/checkout#usage',
  severity: 'medium',
  notApplicable: onlyFor(
    ['github'],
    'Only actions/checkout leaves the job token in .git/config for later steps; GitLab runners and Tekton git-clone keep clone credentials to the clone itself',
  ),
  check: repo =>
    repo.githubWorkflows.flatMap(workflow =>
      workflow.jobs.flatMap(job =>
        job.steps
          .filter(step => /^actions\/checkout@/i.test(str(step.uses) ?? ''))
          .filter(step => !isFalse(get(step.with, 'persist-credentials')))
          .map(step => ({
            ci: 'github' as const,
            file: workflow.file,
            line: step.line,
            message: `\`actions/checkout\` in job \`${job.id}\` keeps the token in .git/config, where every later step (and any tool it runs) can read it. Add \`with: { persist-credentials: false }\`.`,
          })),
      ),
    ),
});
