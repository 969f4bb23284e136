import { CiEvent, CiJob, CiStep, StepInput } from './ciJob';
import { PIPELINE_CONTEXTS, Variables, evaluateIf } from './gitlabRules';
import { scriptFromScalar } from './shell';
import {
  YEntry,
  YMap,
  YNode,
  YScalar,
  YamlFile,
  asMap,
  entries,
  get,
  items,
  str,
  strings,
} from './yamlTree';

export const GITLAB_CI_FILE = '.gitlab-ci.yml';

/** Top-level keys that are not jobs. */
const RESERVED = new Set([
  'default',
  'include',
  'stages',
  'types',
  'variables',
  'workflow',
  'image',
  'services',
  'cache',
  'before_script',
  'after_script',
  'spec',
]);

/** Keywords `default:` hands to jobs that do not set them. */
const DEFAULTABLE = [
  'image',
  'services',
  'before_script',
  'after_script',
  'timeout',
  'interruptible',
  'id_tokens',
  'tags',
  'retry',
  'cache',
  'artifacts',
  'hooks',
];

export type IncludeKind =
  | 'local'
  | 'remote'
  | 'project'
  | 'template'
  | 'component';

export interface GitlabInclude {
  kind: IncludeKind;
  value: string;
  /** The include entry itself (a string or a mapping). */
  node: YNode;
  file: string;
  line: number;
}

export interface GitlabJob {
  name: string;
  file: string;
  line: number;
  /** The job after `extends`, `!reference` and `default:` are applied. */
  config: YMap;
}

export interface GitlabPipeline {
  /** `.gitlab-ci.yml` and the local files it includes, in the order GitLab merges them. */
  files: string[];
  includes: GitlabInclude[];
  /** Top-level configuration of all files merged (the main file wins). */
  top: YMap;
  jobs: GitlabJob[];
  stages: string[];
  errors: string[];
}

export interface FileSource {
  paths: readonly string[];
  yaml(path: string): YamlFile | undefined;
}

export function readGitlabPipeline(
  repo: FileSource,
): GitlabPipeline | undefined {
  if (!repo.yaml(GITLAB_CI_FILE)) return undefined;
  const files: string[] = [];
  const includes: GitlabInclude[] = [];
  const errors: string[] = [];
  const layers: YMap[] = [];

  const visit = (path: string, depth: number) => {
    if (files.includes(path) || depth > 20) return;
    const root = asMap(repo.yaml(path)?.documents[0]);
    if (!root) {
      errors.push(`${path}: not a GitLab CI mapping`);
      return;
    }
    files.push(path);
    for (const include of readIncludes(root, path)) {
      includes.push(include);
      if (include.kind !== 'local') continue;
      const matches = expandLocal(include.value, repo.paths);
      if (matches.length === 0) {
        errors.push(
          `${path}:${include.line}: local include ${include.value} not found`,
        );
      }
      for (const match of matches) visit(match, depth + 1);
    }
    layers.push(root);
  };
  visit(GITLAB_CI_FILE, 0);

  // Included files first, the including file last: later layers win.
  let top = layers[0];
  for (const layer of layers.slice(1)) top = deepMerge(layer, top);
  if (!top) return undefined;

  const defaults = asMap(get(top, 'default'));
  const stages = strings(get(top, 'stages'));
  const jobs: GitlabJob[] = [];
  for (const e of top.entries) {
    if (RESERVED.has(e.key) || e.key.startsWith('.')) continue;
    const own = asMap(e.value);
    if (!own) continue;
    const extended = resolveExtends(own, top, 0);
    const config = applyDefaults(
      resolveReferences(extended, top),
      defaults,
      top,
    );
    jobs.push({
      name: e.key,
      file: e.value.source.path,
      line: e.keyLine,
      config,
    });
  }
  return {
    files,
    includes,
    top,
    jobs,
    stages: stages.length > 0 ? stages : ['build', 'test', 'deploy'],
    errors,
  };
}

function readIncludes(root: YMap, file: string): GitlabInclude[] {
  const node = get(root, 'include');
  if (!node) return [];
  const list = node.kind === 'seq' ? node.items : [node];
  return list.flatMap((item): GitlabInclude[] => {
    const plain = str(item);
    if (plain !== undefined) {
      const kind: IncludeKind = /^https?:\/\//.test(plain) ? 'remote' : 'local';
      return [{ kind, value: plain, node: item, file, line: item.line }];
    }
    for (const kind of [
      'local',
      'remote',
      'project',
      'template',
      'component',
    ] as const) {
      const value = str(get(item, kind));
      if (value !== undefined) {
        return [{ kind, value, node: item, file, line: item.line }];
      }
    }
    return [];
  });
}

/** Local include patterns: `/ci/*.yml`, `ci/**` + `.yml`. */
function expandLocal(pattern: string, paths: readonly string[]): string[] {
  const clean = pattern.replace(/^\/+/, '');
  if (!clean.includes('*')) return paths.includes(clean) ? [clean] : [];
  const regex = new RegExp(
    `^${clean
      .split('**')
      .map(part =>
        part
          .split('*')
          .map(s => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
          .join('[^/]*'),
      )
      .join('.*')}$`,
  );
  return paths.filter(p => regex.test(p)).sort();
}

/** A mapping with `primary`'s entries over `fallback`'s; nested mappings merge the same way. */
export function deepMerge(primary: YMap, fallback: YMap): YMap {
  const merged: YMap = { ...primary, entries: [], byKey: new Map() };
  const add = (e: YEntry) => {
    merged.entries.push(e);
    merged.byKey.set(e.key, e);
  };
  for (const e of primary.entries) {
    const other = fallback.byKey.get(e.key);
    if (e.value.kind === 'map' && other?.value.kind === 'map') {
      add({ ...e, value: deepMerge(e.value, other.value) });
    } else {
      add(e);
    }
  }
  for (const e of fallback.entries) {
    if (!merged.byKey.has(e.key)) add(e);
  }
  return merged;
}

function resolveExtends(job: YMap, top: YMap, depth: number): YMap {
  const parents = strings(get(job, 'extends'));
  if (parents.length === 0 || depth > 11) return job;
  // Later parents override earlier ones; the job overrides them all.
  let base: YMap | undefined;
  for (const name of parents) {
    const parent = asMap(get(top, name));
    if (!parent) continue;
    const resolved = resolveExtends(parent, top, depth + 1);
    base = base ? deepMerge(resolved, base) : resolved;
  }
  return base ? deepMerge(job, base) : job;
}

/** Replaces `!reference [.job, key]` sequences with what they point at. */
function resolveReferences(node: YMap, top: YMap): YMap {
  const replace = (value: YNode, depth: number): YNode => {
    if (depth > 10) return value;
    if (value.kind === 'seq' && value.tag === '!reference') {
      const path = strings(value);
      return get(top, ...path) ?? value;
    }
    if (value.kind === 'seq') {
      return { ...value, items: value.items.map(i => replace(i, depth + 1)) };
    }
    if (value.kind === 'map') {
      const entriesOut = value.entries.map(e => ({
        ...e,
        value: replace(e.value, depth + 1),
      }));
      return {
        ...value,
        entries: entriesOut,
        byKey: new Map(entriesOut.map(e => [e.key, e])),
      };
    }
    return value;
  };
  return replace(node, 0) as YMap;
}

function applyDefaults(job: YMap, defaults: YMap | undefined, top: YMap): YMap {
  const inherit = get(job, 'inherit', 'default');
  if (str(inherit) === 'false') return job;
  const keys = inherit?.kind === 'seq' ? strings(inherit) : DEFAULTABLE;
  const extra: YEntry[] = [];
  for (const key of keys) {
    if (job.byKey.has(key)) continue;
    // `default:` first, then the deprecated top-level globals.
    const fromDefault = defaults?.byKey.get(key);
    const global = [
      'image',
      'services',
      'before_script',
      'after_script',
      'cache',
    ].includes(key)
      ? top.byKey.get(key)
      : undefined;
    const chosen = fromDefault ?? global;
    if (chosen) extra.push(chosen);
  }
  if (extra.length === 0) return job;
  const all = [...job.entries, ...extra];
  return { ...job, entries: all, byKey: new Map(all.map(e => [e.key, e])) };
}

// ---- events ------------------------------------------------------------------------------

type ContextName = keyof typeof PIPELINE_CONTEXTS;

/** Whether a list of `rules:` lets the pipeline/job run in a context; `undefined`: no rules. */
function rulesAllow(
  rules: YNode | undefined,
  vars: Variables,
): boolean | undefined {
  if (!rules) return undefined;
  for (const rule of items(rules)) {
    const condition = str(get(rule, 'if'));
    const matches =
      condition === undefined ? true : evaluateIf(condition, vars) ?? true;
    if (!matches) continue;
    const when = str(get(rule, 'when')) ?? 'on_success';
    return when !== 'never' && when !== 'manual';
  }
  return false;
}

function refMatches(
  ref: string,
  vars: Variables,
  contextName: ContextName,
): boolean {
  const branch = vars.CI_COMMIT_BRANCH;
  switch (ref) {
    case 'branches':
      return branch !== undefined;
    case 'merge_requests':
      return contextName === 'mergeRequest';
    case 'schedules':
      return contextName === 'schedule';
    case 'pushes':
      return vars.CI_PIPELINE_SOURCE === 'push';
    case 'tags':
    case 'api':
    case 'web':
    case 'triggers':
    case 'pipelines':
    case 'external':
    case 'external_pull_requests':
    case 'chat':
      return false;
    default: {
      if (branch === undefined) return false;
      const regex = /^\/(.*)\/([a-z]*)$/.exec(ref);
      return regex ? new RegExp(regex[1]).test(branch) : ref === branch;
    }
  }
}

function onlyExceptAllow(
  config: YMap,
  vars: Variables,
  contextName: ContextName,
): boolean {
  const refsOf = (node: YNode | undefined) =>
    node?.kind === 'map' ? strings(get(node, 'refs')) : strings(node);
  const only = refsOf(get(config, 'only'));
  const except = refsOf(get(config, 'except'));
  const included =
    only.length > 0
      ? only.some(r => refMatches(r, vars, contextName))
      : contextName !== 'mergeRequest';
  return included && !except.some(r => refMatches(r, vars, contextName));
}

function jobRunsIn(config: YMap, contextName: ContextName): boolean {
  const vars = PIPELINE_CONTEXTS[contextName];
  const when = str(get(config, 'when'));
  if (when === 'manual' || when === 'never') return false;
  const byRules = rulesAllow(get(config, 'rules'), vars);
  if (byRules !== undefined) return byRules;
  return onlyExceptAllow(config, vars, contextName);
}

function pipelineRunsIn(top: YMap, contextName: ContextName): boolean {
  const vars = PIPELINE_CONTEXTS[contextName];
  const byWorkflow = rulesAllow(get(top, 'workflow', 'rules'), vars);
  return byWorkflow ?? true;
}

function eventsOf(top: YMap, config: YMap | undefined): Set<CiEvent> {
  const runs = (name: ContextName) =>
    pipelineRunsIn(top, name) &&
    (config ? jobRunsIn(config, name) : name !== 'mergeRequest');
  const events = new Set<CiEvent>();
  if (runs('pushDefault')) events.add('push');
  // A branch pipeline on the merge request's source branch gates the merge request too.
  if (runs('mergeRequest') || runs('pushBranch')) events.add('pull_request');
  if (runs('schedule')) events.add('schedule');
  return events;
}

// ---- the common job shape -----------------------------------------------------------------

export function gitlabJobs(pipeline: GitlabPipeline): CiJob[] {
  const { top, stages } = pipeline;
  const stageOf = (job: GitlabJob) => str(get(job.config, 'stage')) ?? 'test';
  const stageIndex = (stage: string) => {
    if (stage === '.pre') return -1;
    if (stage === '.post') return stages.length;
    return stages.indexOf(stage);
  };

  const jobs = pipeline.jobs.map((job): CiJob => {
    const needsNode = get(job.config, 'needs');
    const needs = needsNode
      ? items(needsNode)
          .map(n => str(n) ?? str(get(n, 'job')))
          .filter((n): n is string => n !== undefined)
      : pipeline.jobs
          .filter(
            other => stageIndex(stageOf(other)) < stageIndex(stageOf(job)),
          )
          .map(other => other.name);
    return {
      ci: 'gitlab',
      file: job.file,
      id: job.name,
      name: job.name,
      line: job.line,
      pipeline: 'gitlab',
      events: eventsOf(top, job.config),
      needs: new Set(needs),
      environment: get(job.config, 'environment') !== undefined,
      runsAlways: str(get(job.config, 'when')) === 'always',
      env: gitlabVariables(top, job.config),
      steps: jobSteps(job.config),
    };
  });

  // Template and component includes bring jobs the checker cannot see: one pseudo-job each.
  for (const include of pipeline.includes) {
    if (include.kind !== 'template' && include.kind !== 'component') continue;
    const inputs = new Map<string, StepInput>();
    for (const e of entries(get(include.node, 'inputs'))) {
      const value = str(e.value);
      if (value !== undefined) inputs.set(e.key, { value, line: e.value.line });
    }
    jobs.push({
      ci: 'gitlab',
      file: include.file,
      id: `include:${include.kind}:${include.value}`,
      name: include.value,
      line: include.line,
      pipeline: 'gitlab',
      events: eventsOf(top, undefined),
      needs: new Set(),
      environment: false,
      steps: [
        {
          line: include.line,
          uses: `${include.kind}:${include.value}`,
          inputs,
        },
      ],
    });
  }
  return jobs;
}

function jobSteps(config: YMap): CiStep[] {
  const image = imageName(get(config, 'image'));
  const steps: CiStep[] = [];
  for (const section of ['before_script', 'script', 'after_script'] as const) {
    for (const line of scriptItems(get(config, section))) {
      steps.push({
        line: line.line,
        inputs: new Map(),
        script: scriptFromScalar(line),
        image,
        section,
      });
    }
  }
  if (steps.length === 0 && image) {
    steps.push({ line: config.line, inputs: new Map(), image });
  }
  return steps;
}

/** Script lines, with nested sequences (anchors, `!reference`) flattened. */
export function scriptItems(node: YNode | undefined, depth = 0): YScalar[] {
  if (!node || depth > 10) return [];
  if (node.kind === 'scalar') return node.value === null ? [] : [node];
  if (node.kind === 'seq')
    return node.items.flatMap(i => scriptItems(i, depth + 1));
  return [];
}

/** The literal variables a job sees: the global ones, overridden by its own. */
export function gitlabVariables(
  top: YMap,
  config: YMap | undefined,
): Map<string, string> {
  const vars = new Map<string, string>();
  const all = [
    ...entries(get(top, 'variables')),
    ...entries(get(config, 'variables')),
  ];
  for (const e of all) {
    const value = str(e.value) ?? str(get(e.value, 'value'));
    if (value !== undefined) vars.set(e.key, value);
  }
  return vars;
}

/** `$NAME` and `${NAME}` replaced from `vars`; unknown variables stay as written. */
export function expandVariables(
  value: string,
  vars: Map<string, string>,
): string {
  return value.replace(
    /\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/g,
    (all, name: string) => vars.get(name) ?? all,
  );
}

/** `image: name` or `image: { name: ... }`. */
export function imageName(node: YNode | undefined): string | undefined {
  return str(node) ?? str(get(node, 'name'));
}
