import { CiJob, CiStep, actionName } from '../model/ciJob';
import { SimpleCommand, commandsOf } from './commands';

/**
 * The detectors in this folder recognise what a job does (SAST, a vulnerability gate,
 * signing, ...) from the actions it uses, the GitLab templates it includes, the Tekton tasks
 * it references and the commands its scripts run. Each returns evidence with a line, or
 * `undefined`.
 */
export interface Evidence {
  file: string;
  line: number;
  /** Short description for messages: `trivy image`, `actions/attest-build-provenance`. */
  what: string;
  step?: CiStep;
  /** Position in the job (commands and steps share one order). */
  order: number;
}

export function stepEvidence(job: CiJob, step: CiStep, what: string): Evidence {
  return {
    file: job.file,
    line: step.line,
    what,
    step,
    order: job.steps.indexOf(step) * 1000,
  };
}

export function commandEvidence(
  job: CiJob,
  command: SimpleCommand,
  what: string,
): Evidence {
  const stepIndex = command.step ? job.steps.indexOf(command.step) : 0;
  return {
    file: command.file,
    line: command.line,
    what,
    step: command.step,
    order: stepIndex * 1000 + Math.max(command.order, 0),
  };
}

export function usesStep(job: CiJob, pattern: RegExp): CiStep[] {
  return job.steps.filter(s => {
    const name = actionName(s.uses);
    return name !== undefined && pattern.test(name);
  });
}

export function firstCommand(
  job: CiJob,
  test: (c: SimpleCommand) => boolean,
  what: (c: SimpleCommand) => string,
): Evidence | undefined {
  const command = commandsOf(job).find(test);
  return command ? commandEvidence(job, command, what(command)) : undefined;
}

export function word(command: SimpleCommand, name: string): boolean {
  return command.args.includes(name);
}
