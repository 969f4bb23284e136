import { GhWorkflow } from '../model/github';
import {
  GitlabPipeline,
  expandVariables,
  gitlabVariables,
  imageName,
} from '../model/gitlab';
import { TektonModel } from '../model/tekton';
import {
  YEntry,
  YNode,
  YScalar,
  asScalar,
  entries,
  get,
  items,
  str,
} from '../model/yamlTree';
import { Finding } from '../types';
import { defineRule } from './defineRule';
import { needsCi, perCi, scorecard } from './support';

const FULL_SHA = /^[0-9a-f]{40}$/;
const SHORT_SHA = /^[0-9a-f]{7,39}$/;
const DIGEST = /@sha256:[0-9a-f]{64}$/;
/** A digest held in a variable: the image was built earlier in the pipeline (R15). */
const DIGEST_VARIABLE = /@(\$\{?[A-Za-z_][A-Za-z0-9_]*\}?|\$\(\S+\))$/;
const RELEASE_TAG = /^v\d+\.\d+\.\d+$/;
const VERSION_COMMENT = /\bv?\d+\.\d+\.\d+\b/;
const SLSA_WORKFLOWS =
  'slsa-framework/slsa-github-generator/.github/workflows/';

/** The comment after a value on its line: from the parser, or read off the source line. */
function trailingComment(scalar: YScalar): string | undefined {
  if (scalar.comment) return scalar.comment;
  const { text } = scalar.source;
  const lineEnd = text.indexOf('\n', scalar.range[1]);
  const rest = text.slice(scalar.range[1], lineEnd < 0 ? undefined : lineEnd);
  const m = /^\s*#(.*)$/.exec(rest);
  return m ? m[1].trim() : undefined;
}

function checkUses(scalar: YScalar): string | undefined {
  const uses = str(scalar) ?? '';
  if (uses.startsWith('./')) return undefined;
  if (uses.startsWith('docker://')) {
    return DIGEST.test(uses)
      ? undefined
      : `\`${uses}\` names a container image by tag. Pin it by digest: \`docker://image@sha256:<digest>\`.`;
  }
  const at = uses.lastIndexOf('@');
  if (at < 0)
    return `\`${uses}\` has no \`@ref\`; pin it to a full commit SHA.`;
  const name = uses.slice(0, at);
  const ref = uses.slice(at + 1);
  if (name.toLowerCase().startsWith(SLSA_WORKFLOWS)) {
    return RELEASE_TAG.test(ref)
      ? undefined
      : `\`${uses}\`: the SLSA generator's reusable workflows must be called by an exact release tag (\`@vX.Y.Z\`); they verify their own ref and fail with a SHA or a moving tag.`;
  }
  if (FULL_SHA.test(ref)) {
    const comment = trailingComment(scalar);
    return comment && VERSION_COMMENT.test(comment)
      ? undefined
      : `\`${name}@${ref.slice(
          0,
          12,
        )}…\` is pinned, but has no \`# vX.Y.Z\` comment naming the release; add it so reviewers and the update bot can tell which version this is.`;
  }
  if (SHORT_SHA.test(ref)) {
    return `\`${uses}\` uses a short SHA, which can become ambiguous. Use the full 40-character commit SHA with a \`# vX.Y.Z\` comment.`;
  }
  return `\`${uses}\` follows the tag or branch \`${ref}\`, which its owner can move. Pin it: \`${name}@<40-hex commit SHA> # vX.Y.Z\`.`;
}

function imageFinding(
  image: string | undefined,
  node: YNode,
  what: string,
): Finding[] {
  if (image === undefined || DIGEST.test(image) || DIGEST_VARIABLE.test(image))
    return [];
  return [
    {
      file: node.source.path,
      line: node.line,
      message: `${what} \`${image}\` is not pinned by digest. Use \`${
        image.split('@')[0]
      }@sha256:<digest>\` and let the update bot move it.`,
    },
  ];
}

function github(workflows: GhWorkflow[]): Finding[] {
  const findings: Finding[] = [];
  for (const workflow of workflows) {
    for (const job of workflow.jobs) {
      const uses = [job.uses, ...job.steps.map(s => s.uses)];
      for (const scalar of uses) {
        const message = scalar ? checkUses(scalar) : undefined;
        if (scalar && message)
          findings.push({ file: workflow.file, line: scalar.line, message });
      }
      if (job.container) {
        const node =
          job.container.kind === 'map'
            ? get(job.container, 'image')
            : job.container;
        if (node)
          findings.push(
            ...imageFinding(str(node), node, `Job \`${job.id}\` container`),
          );
      }
      for (const service of entries(job.services)) {
        const node = get(service.value, 'image');
        if (node)
          findings.push(
            ...imageFinding(
              str(node),
              node,
              `Service \`${service.key}\` image`,
            ),
          );
      }
    }
  }
  return findings;
}

function gitlab(pipeline: GitlabPipeline): Finding[] {
  const findings: Finding[] = [];
  const seen = new Set<YNode>();
  const image = (
    node: YNode | undefined,
    what: string,
    vars: Map<string, string>,
  ) => {
    if (!node || seen.has(node)) return;
    seen.add(node);
    const name = imageName(node);
    const expanded =
      name === undefined ? undefined : expandVariables(name, vars);
    findings.push(...imageFinding(expanded, node, what));
  };
  const services = (node: YNode | undefined, vars: Map<string, string>) => {
    for (const service of items(node)) image(service, 'Service image', vars);
  };
  const globals = gitlabVariables(pipeline.top, undefined);
  image(get(pipeline.top, 'image'), 'Image', globals);
  services(get(pipeline.top, 'services'), globals);
  for (const job of pipeline.jobs) {
    const vars = gitlabVariables(pipeline.top, job.config);
    image(get(job.config, 'image'), `Job \`${job.name}\` image`, vars);
    services(get(job.config, 'services'), vars);
  }
  for (const include of pipeline.includes) {
    const at = { file: include.file, line: include.line };
    if (include.kind === 'remote' && !str(get(include.node, 'integrity'))) {
      findings.push({
        ...at,
        message: `Remote include \`${include.value}\` can change under you. Add \`integrity: sha256-<hash>\`, or include it from a project at a commit SHA.`,
      });
    } else if (
      include.kind === 'project' &&
      !FULL_SHA.test(str(get(include.node, 'ref')) ?? '')
    ) {
      findings.push({
        ...at,
        message: `Project include \`${include.value}\` is not pinned: set \`ref:\` to a full commit SHA.`,
      });
    } else if (
      include.kind === 'component' &&
      !/@[0-9a-f]{40}$/.test(include.value)
    ) {
      findings.push({
        ...at,
        message: `Component \`${include.value}\` is not pinned: reference it as \`…@<40-hex commit SHA>\`.`,
      });
    }
  }
  return findings;
}

function tektonRef(ref: YEntry, what: string): Finding[] {
  const node = ref.value;
  const params = new Map(
    items(get(node, 'params')).map(p => [
      str(get(p, 'name')) ?? '',
      get(p, 'value'),
    ]),
  );
  const resolver = str(get(node, 'resolver'));
  const at = (value: YNode | undefined) => ({
    file: node.source.path,
    line: value?.line ?? ref.keyLine,
  });
  const legacyBundle = get(node, 'bundle');
  if (legacyBundle !== undefined || resolver === 'bundles') {
    const bundleNode = legacyBundle ?? params.get('bundle');
    const bundle = str(bundleNode);
    return bundle && DIGEST.test(bundle)
      ? []
      : [
          {
            ...at(bundleNode),
            message: `${what} bundle \`${
              bundle ?? ''
            }\` is not pinned: reference it as \`…@sha256:<digest>\`.`,
          },
        ];
  }
  if (resolver === 'git') {
    const revisionNode = params.get('revision');
    const revision = str(revisionNode) ?? '';
    return FULL_SHA.test(revision)
      ? []
      : [
          {
            ...at(revisionNode),
            message: `${what} is fetched from git at \`${
              revision || 'the default branch'
            }\`: set the \`revision\` param to a full commit SHA.`,
          },
        ];
  }
  if (resolver === 'hub' || resolver === 'http') {
    const url = str(params.get('url')) ?? '';
    return resolver === 'http' && /\/[0-9a-f]{40}\//.test(url)
      ? []
      : [
          {
            ...at(undefined),
            message: `${what} comes from the ${resolver} resolver, which cannot pin content. Use the bundles resolver with a digest or the git resolver with a commit SHA.`,
          },
        ];
  }
  return [];
}

function tektonImages(
  node: YNode | undefined,
  findings: Finding[],
  depth = 0,
): void {
  if (!node || depth > 30) return;
  if (node.kind === 'seq') {
    for (const item of node.items) tektonImages(item, findings, depth + 1);
    return;
  }
  if (node.kind !== 'map') return;
  for (const e of node.entries) {
    if (e.key === 'image' && e.value.kind === 'scalar') {
      const name = str(get(node, 'name'));
      findings.push(
        ...imageFinding(
          str(e.value),
          e.value,
          name ? `Step \`${name}\` image` : 'Image',
        ),
      );
    } else if (e.key === 'taskRef' || e.key === 'pipelineRef') {
      findings.push(
        ...tektonRef(
          e,
          e.key === 'taskRef' ? 'Task reference' : 'Pipeline reference',
        ),
      );
    } else {
      tektonImages(e.value, findings, depth + 1);
    }
  }
}

/** Pipelines-as-Code remote tasks and pipelines named in annotations. */
function pacRemotes(model: TektonModel): Finding[] {
  const findings: Finding[] = [];
  for (const object of model.objects) {
    for (const e of entries(get(object.node, 'metadata', 'annotations'))) {
      if (!/^pipelinesascode\.tekton\.dev\/(task|pipeline)(-\d+)?$/.test(e.key))
        continue;
      const value = asScalar(e.value);
      const list = (str(value) ?? '').replace(/^\s*\[|\]\s*$/g, '').split(',');
      for (const raw of list
        .map(s => s.trim().replace(/^["']|["']$/g, ''))
        .filter(Boolean)) {
        const local = raw.startsWith('.tekton/') || raw.startsWith('./');
        const pinnedUrl =
          /^https?:\/\//.test(raw) && /\/[0-9a-f]{40}\//.test(raw);
        if (local || pinnedUrl) continue;
        findings.push({
          file: object.file,
          line: e.keyLine,
          message: /^https?:\/\//.test(raw)
            ? `\`${e.key}\` fetches \`${raw}\` from a moving branch; use a URL with a full commit SHA.`
            : `\`${e.key}\` fetches \`${raw}\` from the hub by name or version, which is not content-pinned. Vendor the task under \`.tekton/\`, or use a raw URL at a commit SHA.`,
        });
      }
    }
  }
  return findings;
}

function tekton(model: TektonModel): Finding[] {
  const findings: Finding[] = [];
  for (const object of model.objects) {
    if (object.apiVersion.startsWith('tekton.dev/'))
      tektonImages(get(object.node, 'spec'), findings);
  }
  findings.push(...pacRemotes(model));
  return findings;
}

export const r03 = defineRule({
  id: 'R03',
  title: 'Actions and images are pinned to a commit SHA or digest',
  description:
    'Every `uses:` pinned to a full 40-hex commit SHA with a `# vX.Y.Z` comment (exception: `slsa-framework/slsa-github-generator` reusable workflows, which require `@vX.Y.Z`); `docker://` images by `@sha256:`. GitLab: images by digest, includes pinned. Tekton: step images by digest, task bundles by digest, git resolvers at a SHA.',
  helpUri: scorecard('Pinned-Dependencies'),
  severity: 'high',
  notApplicable: needsCi,
  check: repo =>
    perCi(repo, ci => {
      if (ci === 'github') return github(repo.githubWorkflows);
      if (ci === 'gitlab') return repo.gitlab ? gitlab(repo.gitlab) : [];
      return tekton(repo.tekton);
    }),
});
