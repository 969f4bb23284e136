import { CiJob, actionName } from '../model/ciJob';
import { subcommand } from './commands';
import {
  Evidence,
  firstCommand,
  stepEvidence,
  usesStep,
  word,
} from './evidence';

// Jobs that deploy: to tell whether verification comes first (R19).

export function deployEvidence(job: CiJob): Evidence | undefined {
  const task = usesStep(
    job,
    /^task:(openshift-client|kubernetes-actions|argocd-task-sync-and-wait|helm-upgrade.*)$/,
  )[0];
  if (task) return stepEvidence(job, task, actionName(task.uses)!.slice(5));
  const command = firstCommand(
    job,
    c => {
      const sub = subcommand(c);
      return (
        (['kubectl', 'oc'].includes(c.program) &&
          ['apply', 'create', 'replace', 'set', 'rollout', 'patch'].includes(
            sub ?? '',
          )) ||
        (c.program === 'helm' && ['upgrade', 'install'].includes(sub ?? '')) ||
        (c.program === 'argocd' &&
          sub === 'app' &&
          (word(c, 'sync') || word(c, 'set'))) ||
        (c.program === 'kustomize' &&
          sub === 'edit' &&
          word(c, 'set') &&
          word(c, 'image')) ||
        c.program === 'kubectl-argo-rollouts'
      );
    },
    c => `${c.program} ${subcommand(c) ?? ''}`.trim(),
  );
  if (command) return command;
  return job.environment
    ? { file: job.file, line: job.line, what: 'environment', order: 0 }
    : undefined;
}
