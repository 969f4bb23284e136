import { CiEvent, CiJob, CiStep, StepInput } from './ciJob';
import { scriptFromScalar } from './shell';
import {
  YEntry,
  YMap,
  YNode,
  YScalar,
  YamlFile,
  asMap,
  asScalar,
  entries,
  entry,
  get,
  isTrue,
  items,
  str,
  strings,
} from './yamlTree';

export interface GhStep {
  index: number;
  line: number;
  node: YMap;
  id?: string;
  name?: string;
  uses?: YScalar;
  run?: YScalar;
  with?: YMap;
  env?: YMap;
  if?: string;
}

export interface GhJob {
  id: string;
  name: string;
  line: number;
  node: YMap;
  permissions?: YEntry;
  timeout?: YEntry;
  /** A reusable workflow the job calls instead of running steps. */
  uses?: YScalar;
  with?: YMap;
  needs: string[];
  environment?: YNode;
  container?: YNode;
  services?: YNode;
  steps: GhStep[];
}

export interface GhWorkflow {
  file: string;
  root: YMap;
  on?: YEntry;
  /** Trigger name → its configuration (`undefined` when given as a bare name). */
  triggers: Map<string, YNode | undefined>;
  permissions?: YEntry;
  concurrency?: YEntry;
  jobs: GhJob[];
}

export function isWorkflowPath(path: string): boolean {
  return /^\.github\/workflows\/[^/]+\.ya?ml$/.test(path);
}

export function readGithubWorkflow(file: YamlFile): GhWorkflow | undefined {
  const root = asMap(file.documents[0]);
  if (!root) return undefined;
  const on = entry(root, 'on');
  return {
    file: file.path,
    root,
    on,
    triggers: readTriggers(on?.value),
    permissions: entry(root, 'permissions'),
    concurrency: entry(root, 'concurrency'),
    jobs: entries(get(root, 'jobs')).flatMap(e => {
      const node = asMap(e.value);
      return node ? [readJob(e.key, e.keyLine, node)] : [];
    }),
  };
}

function readTriggers(node: YNode | undefined): Map<string, YNode | undefined> {
  const triggers = new Map<string, YNode | undefined>();
  if (!node) return triggers;
  if (node.kind === 'map') {
    for (const e of node.entries) triggers.set(e.key, e.value);
  } else {
    for (const name of strings(node)) triggers.set(name, undefined);
  }
  return triggers;
}

function readJob(id: string, line: number, node: YMap): GhJob {
  const name = str(get(node, 'name'));
  return {
    id,
    name: name && !name.includes('${{') ? name : id,
    line,
    node,
    permissions: entry(node, 'permissions'),
    timeout: entry(node, 'timeout-minutes'),
    uses: asScalar(get(node, 'uses')),
    with: asMap(get(node, 'with')),
    needs: strings(get(node, 'needs')),
    environment: get(node, 'environment'),
    container: get(node, 'container'),
    services: get(node, 'services'),
    steps: items(get(node, 'steps')).flatMap((s, index) => {
      const step = asMap(s);
      if (!step) return [];
      return [
        {
          index,
          line: step.line,
          node: step,
          id: str(get(step, 'id')),
          name: str(get(step, 'name')),
          uses: asScalar(get(step, 'uses')),
          run: asScalar(get(step, 'run')),
          with: asMap(get(step, 'with')),
          env: asMap(get(step, 'env')),
          if: str(get(step, 'if')),
        },
      ];
    }),
  };
}

const EVENT_NAMES: Record<string, CiEvent> = {
  push: 'push',
  pull_request: 'pull_request',
  schedule: 'schedule',
};

/**
 * The jobs of every workflow in the common shape. A workflow that is only called by others
 * (`workflow_call`) runs on its callers' events, so SAST in a reusable workflow called from a
 * push/pull_request workflow counts as running on push and pull requests.
 */
export function githubJobs(workflows: GhWorkflow[]): CiJob[] {
  const byFile = new Map(workflows.map(w => [w.file, w]));
  const callers = new Map<string, GhWorkflow[]>();
  for (const workflow of workflows) {
    for (const job of workflow.jobs) {
      const target = localWorkflowPath(str(job.uses));
      if (target && byFile.has(target)) {
        callers.set(target, [...(callers.get(target) ?? []), workflow]);
      }
    }
  }
  const eventsOf = (workflow: GhWorkflow, seen: Set<string>): Set<CiEvent> => {
    const events = new Set<CiEvent>();
    for (const name of workflow.triggers.keys()) {
      if (name !== 'workflow_call') events.add(EVENT_NAMES[name] ?? 'other');
    }
    for (const caller of callers.get(workflow.file) ?? []) {
      if (seen.has(caller.file)) continue;
      for (const e of eventsOf(caller, new Set([...seen, caller.file])))
        events.add(e);
    }
    return events;
  };

  return workflows.flatMap(workflow => {
    const events = eventsOf(workflow, new Set([workflow.file]));
    const workflowEnv = entries(get(workflow.root, 'env'));
    return workflow.jobs.map(
      (job): CiJob => ({
        ci: 'github',
        file: workflow.file,
        id: job.id,
        name: job.name,
        line: job.line,
        pipeline: workflow.file,
        events,
        needs: new Set(job.needs),
        environment: job.environment !== undefined,
        env: new Map(
          [...workflowEnv, ...entries(get(job.node, 'env'))].flatMap(e => {
            const value = str(e.value);
            return value === undefined
              ? []
              : [[e.key, value] as [string, string]];
          }),
        ),
        steps: job.uses
          ? [
              {
                line: job.uses.line,
                uses: str(job.uses),
                inputs: inputsOf(job.with),
              },
            ]
          : job.steps.map(toCiStep),
      }),
    );
  });
}

function toCiStep(step: GhStep): CiStep {
  return {
    line: step.line,
    name: step.name,
    uses: str(step.uses),
    inputs: inputsOf(step.with),
    script: step.run ? scriptFromScalar(step.run) : undefined,
    condition: step.if,
    mayFail: isTrue(get(step.node, 'continue-on-error')),
  };
}

function inputsOf(node: YMap | undefined): Map<string, StepInput> {
  const inputs = new Map<string, StepInput>();
  for (const e of entries(node)) {
    const value = str(e.value);
    if (value !== undefined) inputs.set(e.key, { value, line: e.value.line });
  }
  return inputs;
}

/** `./.github/workflows/x.yml` (optionally `@ref`) → `.github/workflows/x.yml`. */
export function localWorkflowPath(
  uses: string | undefined,
): string | undefined {
  if (!uses?.startsWith('./')) return undefined;
  return uses.slice(2).split('@')[0];
}
