import { CiEvent, CiJob, CiStep, StepInput } from './ciJob';
import { ScriptSource, scriptFromScalar, scriptFromText } from './shell';
import {
  YMap,
  YNode,
  YamlFile,
  asMap,
  asScalar,
  get,
  items,
  str,
  strings,
} from './yamlTree';

export const PAC = 'pipelinesascode.tekton.dev';

export interface TektonObject {
  file: string;
  kind: string;
  apiVersion: string;
  name: string;
  node: YMap;
  line: number;
}

export interface TektonModel {
  objects: TektonObject[];
  pipelineRuns: TektonObject[];
  pipelines: Map<string, TektonObject>;
  tasks: Map<string, TektonObject>;
}

export function isTektonPath(path: string): boolean {
  return /^\.tekton\/.+\.ya?ml$/.test(path);
}

export function readTekton(files: YamlFile[]): TektonModel {
  const objects: TektonObject[] = [];
  for (const file of files) {
    for (const doc of file.documents) {
      const node = asMap(doc);
      const apiVersion = str(get(node, 'apiVersion'));
      const kind = str(get(node, 'kind'));
      if (!node || !apiVersion || !kind) continue;
      objects.push({
        file: file.path,
        kind,
        apiVersion,
        name:
          str(get(node, 'metadata', 'name')) ??
          str(get(node, 'metadata', 'generateName')) ??
          '',
        node,
        line: node.line,
      });
    }
  }
  const isTekton = (o: TektonObject) => o.apiVersion.startsWith('tekton.dev/');
  const byKind = (kind: string) =>
    objects.filter(o => isTekton(o) && o.kind === kind);
  return {
    objects,
    pipelineRuns: byKind('PipelineRun'),
    pipelines: new Map(byKind('Pipeline').map(o => [o.name, o])),
    tasks: new Map(byKind('Task').map(o => [o.name, o])),
  };
}

export function annotation(
  object: TektonObject,
  key: string,
): string | undefined {
  return str(get(object.node, 'metadata', 'annotations', key));
}

/** The events a Pipelines-as-Code PipelineRun answers to (`on-event`, `on-cel-expression`). */
export function pacEvents(run: TektonObject): Set<CiEvent> {
  const names: string[] = [];
  const onEvent = annotation(run, `${PAC}/on-event`);
  if (onEvent) {
    names.push(
      ...onEvent
        .replace(/^\s*\[|\]\s*$/g, '')
        .split(',')
        .map(s => s.trim().replace(/^["']|["']$/g, '')),
    );
  }
  const cel = annotation(run, `${PAC}/on-cel-expression`);
  if (cel) {
    for (const m of cel.matchAll(/\bevent\s*(?:==\s*|in\s*\[)([^\]\n&|)]*)/g)) {
      for (const q of m[1].matchAll(/["']([a-z_]+)["']/g)) names.push(q[1]);
    }
  }
  const events = new Set<CiEvent>();
  for (const name of names) {
    if (name === 'push') events.add('push');
    else if (name === 'pull_request') events.add('pull_request');
    else if (name) events.add('other');
  }
  return events;
}

/** The pipeline spec a PipelineRun runs: inline, or a Pipeline defined in `.tekton/`. */
export function pipelineSpecOf(
  run: TektonObject,
  model: TektonModel,
): YMap | undefined {
  const inline = asMap(get(run.node, 'spec', 'pipelineSpec'));
  if (inline) return inline;
  const ref = str(get(run.node, 'spec', 'pipelineRef', 'name'));
  return ref ? asMap(get(model.pipelines.get(ref)?.node, 'spec')) : undefined;
}

/** The task spec a pipeline task runs: inline `taskSpec`, or a Task defined in `.tekton/`. */
export function taskSpecOf(
  pipelineTask: YNode,
  model: TektonModel,
): YMap | undefined {
  const inline = asMap(get(pipelineTask, 'taskSpec'));
  if (inline) return inline;
  const ref = asMap(get(pipelineTask, 'taskRef'));
  if (!ref || get(ref, 'resolver') || get(ref, 'bundle')) return undefined;
  const kind = str(get(ref, 'kind')) ?? 'Task';
  const name = str(get(ref, 'name'));
  return kind === 'Task' && name
    ? asMap(get(model.tasks.get(name)?.node, 'spec'))
    : undefined;
}

/** A readable name for what a pipeline task references: `git-clone`, `bundle:…`, `inline`. */
export function taskRefName(pipelineTask: YNode): string {
  const ref = asMap(get(pipelineTask, 'taskRef'));
  if (!ref) return 'inline';
  const name = str(get(ref, 'name'));
  if (name) return name;
  const params = new Map(
    items(get(ref, 'params')).map(p => [
      str(get(p, 'name')) ?? '',
      str(get(p, 'value')) ?? '',
    ]),
  );
  return (
    params.get('name') ??
    params.get('pathInRepo') ??
    params.get('bundle') ??
    'remote'
  );
}

export function tektonJobs(model: TektonModel): CiJob[] {
  const jobs: CiJob[] = [];
  const usedPipelines = new Set<string>();
  for (const run of model.pipelineRuns) {
    const spec = pipelineSpecOf(run, model);
    const ref = str(get(run.node, 'spec', 'pipelineRef', 'name'));
    if (ref) usedPipelines.add(ref);
    if (!spec) continue;
    jobs.push(
      ...pipelineJobs(
        spec,
        run.file,
        `${run.file}#${run.name}`,
        pacEvents(run),
        model,
      ),
    );
  }
  for (const [name, pipeline] of model.pipelines) {
    if (usedPipelines.has(name)) continue;
    const spec = asMap(get(pipeline.node, 'spec'));
    if (spec) {
      jobs.push(
        ...pipelineJobs(
          spec,
          pipeline.file,
          `${pipeline.file}#${name}`,
          new Set(),
          model,
        ),
      );
    }
  }
  // Tasks no local pipeline references still run somewhere: their steps are checked too.
  const usedTasks = new Set(
    jobs
      .flatMap(j => j.steps.map(s => s.uses))
      .filter(u => u?.startsWith('local-task:'))
      .map(u => u!.slice('local-task:'.length)),
  );
  for (const [name, task] of model.tasks) {
    if (usedTasks.has(name)) continue;
    jobs.push({
      ci: 'tekton',
      file: task.file,
      id: name,
      name,
      line: task.line,
      pipeline: `${task.file}#${name}`,
      events: new Set(),
      needs: new Set(),
      environment: false,
      steps: items(get(task.node, 'spec', 'steps')).map(s =>
        toStep(s, task.file),
      ),
    });
  }
  return jobs;
}

function pipelineJobs(
  spec: YMap,
  file: string,
  pipeline: string,
  events: Set<CiEvent>,
  model: TektonModel,
): CiJob[] {
  const tasks = items(get(spec, 'tasks'));
  const taskNames = tasks
    .map(t => str(get(t, 'name')))
    .filter((n): n is string => !!n);
  const toJob = (task: YNode, isFinally: boolean): CiJob | undefined => {
    const name = str(get(task, 'name'));
    if (!name) return undefined;
    const params = paramsOf(task);
    const needs = new Set(
      isFinally ? taskNames : strings(get(task, 'runAfter')),
    );
    for (const p of params.values()) {
      for (const m of p.value.matchAll(/\$\(tasks\.([a-z0-9-]+)\.results/g))
        needs.add(m[1]);
    }
    needs.delete(name);
    const taskSpec = taskSpecOf(task, model);
    // `task:` names a task whose steps are not in the repository (a bundle, the hub, the
    // cluster): only its name and parameters tell what it does. A task defined here is
    // judged by its steps, and its reference is kept as `local-task:`.
    const prefix = taskSpec ? 'local-task' : 'task';
    const steps: CiStep[] = [
      {
        line: task.line,
        uses: `${prefix}:${taskRefName(task)}`,
        inputs: params,
      },
      ...items(get(taskSpec, 'steps')).map(s => toStep(s, file)),
    ];
    return {
      ci: 'tekton',
      file: task.source.path || file,
      id: name,
      name,
      line: task.line,
      pipeline,
      events,
      needs,
      steps,
      environment: false,
      runsAlways: isFinally,
    };
  };
  return [
    ...tasks.map(t => toJob(t, false)),
    ...items(get(spec, 'finally')).map(t => toJob(t, true)),
  ].filter((j): j is CiJob => j !== undefined);
}

function paramsOf(task: YNode): Map<string, StepInput> {
  const params = new Map<string, StepInput>();
  for (const p of items(get(task, 'params'))) {
    const name = str(get(p, 'name'));
    const value = get(p, 'value');
    if (!name || !value) continue;
    const text = value.kind === 'seq' ? strings(value).join(' ') : str(value);
    if (text !== undefined) params.set(name, { value: text, line: value.line });
  }
  return params;
}

function toStep(step: YNode, file: string): CiStep {
  const image = str(get(step, 'image'));
  const script = asScalar(get(step, 'script'));
  const command = [
    ...strings(get(step, 'command')),
    ...strings(get(step, 'args')),
  ];
  const shellArgs = items(get(step, 'args'));
  const inlineShell =
    command.length >= 3 &&
    /(^|\/)(ba)?sh$/.test(command[0]) &&
    command[1] === '-c';
  const inlineScalar = inlineShell
    ? asScalar(shellArgs[shellArgs.length - 1])
    : undefined;
  let source: ScriptSource | undefined;
  if (script) source = scriptFromScalar(script);
  else if (inlineScalar) source = scriptFromScalar(inlineScalar);
  else if (command.length > 0)
    source = scriptFromText(
      command.join(' '),
      step.source.path || file,
      step.line,
    );
  return {
    line: step.line,
    name: str(get(step, 'name')),
    image,
    inputs: new Map(),
    script: source,
    mayFail: str(get(step, 'onError')) === 'continue',
  };
}
