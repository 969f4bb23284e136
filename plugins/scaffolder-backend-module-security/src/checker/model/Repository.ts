import { CiSystem } from '../types';
import { CiJob } from './ciJob';
import {
  CodeownersEntry,
  CODEOWNERS_PATHS,
  parseCodeowners,
} from './codeowners';
import { Dockerfile, isDockerfilePath, parseDockerfile } from './dockerfile';
import { RepoFile } from './files';
import {
  GhWorkflow,
  githubJobs,
  isWorkflowPath,
  readGithubWorkflow,
} from './github';
import { GitlabPipeline, gitlabJobs, readGitlabPipeline } from './gitlab';
import { K8sObject, isKustomization, readObjects } from './kubernetes';
import { TektonModel, isTektonPath, readTekton, tektonJobs } from './tekton';
import { YMap, YamlFile, asMap, get, parseYamlFile, str } from './yamlTree';

export const CATALOG_INFO_PATHS = ['catalog-info.yaml', 'catalog-info.yml'];

export interface TemplateSource {
  /** How the file is named in violations: relative to the checked tree when inside it. */
  path: string;
  file: YamlFile;
}

/**
 * The checked tree as rules see it. Everything is read up front by `loadRepository`; the
 * models (workflows, jobs, manifests) are built on first use and kept, so each rule reads
 * them synchronously and no file is parsed twice.
 */
export class Repository {
  private readonly yamlCache = new Map<string, YamlFile | undefined>();
  private readonly memo = new Map<string, unknown>();
  readonly paths: readonly string[];
  private readonly fileSet: Set<string>;

  constructor(
    readonly root: string,
    readonly files: readonly RepoFile[],
    private readonly texts: ReadonlyMap<string, string>,
    private readonly ciFilter: readonly CiSystem[] | undefined,
    readonly template: TemplateSource | undefined,
    readonly warnings: string[],
  ) {
    this.paths = files.map(f => f.path);
    this.fileSet = new Set(this.paths);
  }

  has(path: string): boolean {
    return this.fileSet.has(path);
  }

  text(path: string): string | undefined {
    return this.texts.get(path);
  }

  /** The parsed YAML file; parse errors become warnings once. */
  yaml(path: string): YamlFile | undefined {
    if (!this.yamlCache.has(path)) {
      const text = this.texts.get(path);
      const file = text === undefined ? undefined : parseYamlFile(path, text);
      if (file) this.warnings.push(...file.errors);
      this.yamlCache.set(path, file);
    }
    return this.yamlCache.get(path);
  }

  private once<T>(key: string, build: () => T): T {
    if (!this.memo.has(key)) this.memo.set(key, build());
    return this.memo.get(key) as T;
  }

  private wants(ci: CiSystem): boolean {
    return !this.ciFilter || this.ciFilter.includes(ci);
  }

  get githubWorkflows(): GhWorkflow[] {
    return this.once('github', () =>
      this.wants('github')
        ? this.paths
            .filter(isWorkflowPath)
            .map(p => this.yaml(p))
            .flatMap(f => (f ? [readGithubWorkflow(f)] : []))
            .filter((w): w is GhWorkflow => w !== undefined)
        : [],
    );
  }

  get gitlab(): GitlabPipeline | undefined {
    return this.once('gitlab', () => {
      if (!this.wants('gitlab')) return undefined;
      const pipeline = readGitlabPipeline(this);
      if (pipeline) this.warnings.push(...pipeline.errors);
      return pipeline;
    });
  }

  get tekton(): TektonModel {
    return this.once('tekton', () =>
      readTekton(
        this.wants('tekton')
          ? this.paths
              .filter(isTektonPath)
              .map(p => this.yaml(p))
              .filter((f): f is YamlFile => f !== undefined)
          : [],
      ),
    );
  }

  /** The CI systems found in the tree (and not excluded by the `ci` option). */
  get ciSystems(): CiSystem[] {
    return this.once('ciSystems', () => {
      const found: CiSystem[] = [];
      if (this.githubWorkflows.length > 0) found.push('github');
      if (this.gitlab) found.push('gitlab');
      const tekton = this.tekton;
      if (
        tekton.pipelineRuns.length + tekton.pipelines.size + tekton.tasks.size >
        0
      ) {
        found.push('tekton');
      }
      return found;
    });
  }

  /** The jobs of every CI system found, or of one. */
  jobs(ci?: CiSystem): CiJob[] {
    const all = this.once('jobs', () => {
      const gitlab = this.gitlab;
      return [
        ...githubJobs(this.githubWorkflows),
        ...(gitlab ? gitlabJobs(gitlab) : []),
        ...tektonJobs(this.tekton),
      ];
    });
    return ci ? all.filter(j => j.ci === ci) : all;
  }

  /** The jobs of the same pipeline as `job`. */
  pipelineOf(job: CiJob): CiJob[] {
    return this.jobs(job.ci).filter(j => j.pipeline === job.pipeline);
  }

  get dockerfiles(): Dockerfile[] {
    return this.once('dockerfiles', () =>
      this.paths.filter(isDockerfilePath).flatMap(p => {
        const text = this.texts.get(p);
        return text === undefined ? [] : [parseDockerfile(p, text)];
      }),
    );
  }

  /** Kubernetes objects under `deploy/` (kustomization files excluded). */
  get deployObjects(): K8sObject[] {
    return this.once('deploy', () =>
      readObjects(
        this.paths
          .filter(p => /^deploy\/.+\.ya?ml$/.test(p) && !isKustomization(p))
          .map(p => this.yaml(p))
          .filter((f): f is YamlFile => f !== undefined),
      ),
    );
  }

  get kustomizations(): YamlFile[] {
    return this.once('kustomizations', () =>
      this.paths
        .filter(p => p.startsWith('deploy/') && isKustomization(p))
        .map(p => this.yaml(p))
        .filter((f): f is YamlFile => f !== undefined),
    );
  }

  /** Kubernetes-style objects anywhere in the tree (Argo CD Applications, Chains config...). */
  get allObjects(): K8sObject[] {
    return this.once('allObjects', () =>
      readObjects(
        this.paths
          .filter(p => /\.ya?ml$/.test(p))
          .map(p => this.yaml(p))
          .filter((f): f is YamlFile => f !== undefined),
      ),
    );
  }

  get catalogInfoPath(): string | undefined {
    return CATALOG_INFO_PATHS.find(p => this.has(p));
  }

  /** The entities of `catalog-info.yaml`, with the document each came from. */
  get catalogEntities(): YMap[] {
    return this.once('catalog', () => {
      const path = this.catalogInfoPath;
      const file = path ? this.yaml(path) : undefined;
      return (file?.documents ?? [])
        .map(asMap)
        .filter(
          (d): d is YMap =>
            d !== undefined && str(get(d, 'kind')) !== undefined,
        );
    });
  }

  /** The main entity: the Component, else the first entity. */
  get catalogComponent(): YMap | undefined {
    const entities = this.catalogEntities;
    return (
      entities.find(e => str(get(e, 'kind')) === 'Component') ?? entities[0]
    );
  }

  get codeowners(): { path: string; entries: CodeownersEntry[] } | undefined {
    return this.once('codeowners', () => {
      const path = CODEOWNERS_PATHS.find(p => this.has(p));
      const text = path ? this.texts.get(path) : undefined;
      return path && text !== undefined
        ? { path, entries: parseCodeowners(text) }
        : undefined;
    });
  }
}
