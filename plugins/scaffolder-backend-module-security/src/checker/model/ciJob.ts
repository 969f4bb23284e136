import { CiSystem } from '../types';
import { CommandLine, ScriptSource, commandLines } from './shell';

/** The events that matter to the standard; every other trigger is `other`. */
export type CiEvent = 'push' | 'pull_request' | 'schedule' | 'other';

export interface StepInput {
  value: string;
  line: number;
}

/**
 * One unit of work inside a job, in the same shape for every CI system: a GitHub step, one
 * GitLab script line, a Tekton step, or a reference to packaged work (an action, a GitLab
 * template include, a Tekton task reference).
 */
export interface CiStep {
  line: number;
  name?: string;
  /** `owner/repo@ref` (GitHub), `template:Jobs/SAST.gitlab-ci.yml` (GitLab), `task:git-clone` (Tekton). */
  uses?: string;
  /** Action inputs (`with:`) or task parameters. */
  inputs: Map<string, StepInput>;
  script?: ScriptSource;
  image?: string;
  /** GitHub `if:`. */
  condition?: string;
  /** Where in the job the step sits: GitLab's `after_script` runs even when the script fails. */
  section?: 'before_script' | 'script' | 'after_script';
  /** The job carries on when this step fails (`continue-on-error`, Tekton `onError: continue`). */
  mayFail?: boolean;
}

export interface CiJob {
  ci: CiSystem;
  /** The file the job is defined in. */
  file: string;
  /** The job's id inside its pipeline (GitHub job id, GitLab job name, Tekton pipeline task). */
  id: string;
  /** What the CI system shows as the job's status check name. */
  name: string;
  line: number;
  /** Groups the jobs of one pipeline: a workflow file, the GitLab pipeline, a PipelineRun. */
  pipeline: string;
  events: Set<CiEvent>;
  /** Jobs (ids in the same pipeline) that must finish before this one starts. */
  needs: Set<string>;
  steps: CiStep[];
  /** Declares a deployment environment (GitHub/GitLab `environment:`). */
  environment: boolean;
  /** A Tekton `finally` task, or a GitLab job with `when: always`: runs even after failures. */
  runsAlways?: boolean;
  /** Variables the job's scripts see (GitHub `env:`, GitLab `variables:`), literal values only. */
  env?: Map<string, string>;
}

export interface JobCommand extends CommandLine {
  step: CiStep;
}

/** Every logical command line the job's scripts run, with the step it belongs to. */
export function jobCommands(job: CiJob): JobCommand[] {
  const out: JobCommand[] = [];
  for (const step of job.steps) {
    if (!step.script) continue;
    for (const command of commandLines(step.script)) {
      out.push({ ...command, step });
    }
  }
  return out;
}

/** Every job that must finish before `job` starts, following `needs` transitively. */
export function prerequisitesOf(
  job: CiJob,
  pipelineJobs: CiJob[],
): Set<string> {
  const byId = new Map(pipelineJobs.map(j => [j.id, j]));
  const seen = new Set<string>();
  const queue = [...job.needs];
  while (queue.length > 0) {
    const id = queue.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    for (const next of byId.get(id)?.needs ?? []) queue.push(next);
  }
  return seen;
}

/** `owner/repo` (or `owner/repo/path`) of a `uses:` reference, lower-cased, without `@ref`. */
export function actionName(uses: string | undefined): string | undefined {
  if (!uses) return undefined;
  return uses.split('@')[0].toLowerCase();
}

export function input(step: CiStep, name: string): string | undefined {
  return step.inputs.get(name)?.value;
}
