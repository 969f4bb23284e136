import { YEntry, entries, entry, get, str } from '../model/yamlTree';
import { Finding } from '../types';
import { defineRule } from './defineRule';
import { needsCi, perCi, scorecard } from './support';

const READ_LEVELS = new Set(['read', 'none']);
/** Service accounts that come with the namespace and are shared by everything in it. */
const SHARED_ACCOUNTS = new Set(['default', 'pipeline']);

function githubTopLevel(
  file: string,
  permissions: YEntry | undefined,
  line: number,
): Finding[] {
  if (!permissions) {
    return [
      {
        file,
        line,
        message:
          'The workflow has no top-level `permissions:`, so every job gets the repository default token, which may be write-all. Add `permissions: read-all` (or `permissions: { contents: read }`) at the top and grant write scopes per job.',
      },
    ];
  }
  const value = permissions.value;
  const scalar = str(value);
  if (value.kind === 'scalar') {
    return scalar === 'read-all'
      ? []
      : [
          {
            file,
            line: permissions.keyLine,
            message: `Top-level \`permissions: ${
              scalar ?? ''
            }\` gives every job more than read access. Use \`read-all\` or \`{ contents: read }\` and grant write scopes on the jobs that need them.`,
          },
        ];
  }
  return entries(value)
    .filter(e => !READ_LEVELS.has(str(e.value) ?? ''))
    .map(e => ({
      file,
      line: e.keyLine,
      message: `Top-level \`${e.key}: ${
        str(e.value) ?? ''
      }\` applies to every job in the workflow. Keep the top level read-only and move the write scope to the job that needs it.`,
    }));
}

export const r01 = defineRule({
  id: 'R01',
  title: 'Workflow token is read-only at the top level',
  description:
    'Workflow top-level `permissions:` is `read-all` or `{contents: read}`; no `write` at top level. GitLab: no OIDC `id_tokens` in `default:`. Tekton: each PipelineRun runs as a dedicated service account, not the namespace default.',
  helpUri: scorecard('Token-Permissions'),
  severity: 'high',
  notApplicable: needsCi,
  check: repo =>
    perCi(repo, ci => {
      if (ci === 'github') {
        return repo.githubWorkflows.flatMap(w =>
          githubTopLevel(w.file, w.permissions, w.on?.keyLine ?? 1),
        );
      }
      if (ci === 'gitlab') {
        const tokens = entry(get(repo.gitlab?.top, 'default'), 'id_tokens');
        return tokens
          ? [
              {
                file: tokens.value.source.path,
                line: tokens.keyLine,
                message:
                  '`default: id_tokens` hands an OIDC token to every job. Declare `id_tokens` only on the jobs that sign or attest.',
              },
            ]
          : [];
      }
      return repo.tekton.pipelineRuns.flatMap((run): Finding[] => {
        const account =
          str(get(run.node, 'spec', 'taskRunTemplate', 'serviceAccountName')) ??
          str(get(run.node, 'spec', 'serviceAccountName'));
        if (account && !SHARED_ACCOUNTS.has(account)) return [];
        return [
          {
            file: run.file,
            line: run.line,
            message: account
              ? `PipelineRun \`${run.name}\` runs as the shared \`${account}\` service account, which can do what every pipeline in the namespace needs. Create a service account for this pipeline with only its secrets and roles, and name it in \`spec.taskRunTemplate.serviceAccountName\`.`
              : `PipelineRun \`${run.name}\` names no service account, so it runs as the namespace default (\`pipeline\` on OpenShift Pipelines, which can edit the namespace). Name a dedicated least-privilege account in \`spec.taskRunTemplate.serviceAccountName\`.`,
          },
        ];
      });
    }),
});
