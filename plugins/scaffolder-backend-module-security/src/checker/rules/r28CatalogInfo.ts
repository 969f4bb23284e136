import { entitySchemaValidator, makeValidator } from '@backstage/catalog-model';
import { podTemplateOf } from '../model/kubernetes';
import { Repository } from '../model/Repository';
import { YMap, entries, get, str, toPlain } from '../model/yamlTree';
import { ANNOTATION_PIPELINE_STANDARD } from '../../standard';
import { CiSystem, Finding } from '../types';
import { defineRule } from './defineRule';

const validateEntity = entitySchemaValidator();
const validators = makeValidator();

/** Annotations every component needs, with why. */
const REQUIRED: Array<[string, string]> = [
  ['backstage.io/techdocs-ref', 'the TechDocs page'],
  ['backstage.io/kubernetes-id', 'the Kubernetes tab'],
  ['argocd/app-selector', 'the Argo CD card'],
  [
    ANNOTATION_PIPELINE_STANDARD,
    'the version of the pipeline standard the repository follows',
  ],
  [
    'security.devsecops.io/artifacts',
    'the images the Security tab checks signatures for',
  ],
];

/** The CI system's own annotation (the project slug, or Tekton's flag). */
const CI_ANNOTATIONS: Record<
  CiSystem,
  { keys: string[]; pattern: RegExp; hint: string }
> = {
  github: {
    keys: ['github.com/project-slug'],
    pattern: /^[\w.-]+\/[\w.-]+$/,
    hint: '`github.com/project-slug: <org>/<repo>`',
  },
  gitlab: {
    keys: ['gitlab.com/project-slug', 'gitlab.com/project-id'],
    pattern: /^([\w.-]+\/)+[\w.-]+$|^\d+$/,
    hint: '`gitlab.com/project-slug: <group>/<project>`',
  },
  tekton: {
    keys: ['tekton.dev/cicd'],
    pattern: /^true$/,
    hint: '`tekton.dev/cicd: "true"`',
  },
};

function labelSelector(selector: string): Map<string, string> {
  return new Map(
    selector
      .split(',')
      .map(part => part.split('=').map(s => s.trim()))
      .filter(([k, v]) => k && v !== undefined)
      .map(([k, v]) => [k, v] as [string, string]),
  );
}

function crossChecks(
  repo: Repository,
  file: string,
  annotations: YMap | undefined,
): Finding[] {
  const findings: Finding[] = [];
  const kubernetesId = get(annotations, 'backstage.io/kubernetes-id');
  const id = str(kubernetesId);
  const templates = repo.deployObjects
    .map(podTemplateOf)
    .filter(t => t !== undefined);
  if (id && templates.length > 0) {
    const labelled = templates.some(
      t => str(get(t!.metadata, 'labels', 'backstage.io/kubernetes-id')) === id,
    );
    if (!labelled) {
      findings.push({
        file,
        line: kubernetesId!.line,
        message: `No workload under deploy/ labels its pods \`backstage.io/kubernetes-id: ${id}\`, so the Kubernetes tab shows nothing. Add the label to the pod template.`,
      });
    }
  }
  const selectorNode = get(annotations, 'argocd/app-selector');
  const selector = str(selectorNode);
  const applications = repo.allObjects.filter(
    o => o.apiVersion.startsWith('argoproj.io/') && o.kind === 'Application',
  );
  if (selector && applications.length > 0) {
    const wanted = labelSelector(selector);
    const matches = applications.some(a =>
      [...wanted].every(
        ([k, v]) => str(get(a.node, 'metadata', 'labels', k)) === v,
      ),
    );
    if (!matches) {
      findings.push({
        file,
        line: selectorNode!.line,
        message: `\`argocd/app-selector: ${selector}\` matches none of the repository's Argo CD Applications; label the Application accordingly.`,
      });
    }
  }
  return findings;
}

function checkComponent(
  repo: Repository,
  file: string,
  entity: YMap,
): Finding[] {
  const findings: Finding[] = [];
  const at = (line?: number) => ({ file, line: line ?? entity.line });
  try {
    validateEntity(toPlain(entity));
  } catch (error) {
    findings.push({
      ...at(),
      message: `catalog-info.yaml does not validate: ${
        (error as Error).message
      }`,
    });
  }
  const name = str(get(entity, 'metadata', 'name'));
  if (name && !validators.isValidEntityName(name)) {
    findings.push({
      ...at(get(entity, 'metadata', 'name')?.line),
      message: `\`${name}\` is not a valid entity name (letters, digits, \`-_.\`, at most 63 characters).`,
    });
  }
  for (const field of ['owner', 'system', 'type', 'lifecycle']) {
    if (!str(get(entity, 'spec', field))) {
      findings.push({
        ...at(get(entity, 'spec')?.line),
        message: `The component has no \`spec.${field}\`.`,
      });
    }
  }
  const annotations = get(entity, 'metadata', 'annotations') as
    | YMap
    | undefined;
  const annotationLine = annotations?.line ?? get(entity, 'metadata')?.line;
  for (const e of entries(annotations)) {
    if (!validators.isValidAnnotationKey(e.key)) {
      findings.push({
        ...at(e.keyLine),
        message: `\`${e.key}\` is not a valid annotation key.`,
      });
    }
  }
  for (const [key, why] of REQUIRED) {
    if (!str(get(annotations, key))) {
      findings.push({
        ...at(annotationLine),
        message: `The component lacks the \`${key}\` annotation (${why}).`,
      });
    }
  }
  const systems =
    repo.ciSystems.length > 0 ? repo.ciSystems : (['github'] as CiSystem[]);
  for (const ci of systems) {
    const { keys, pattern, hint } = CI_ANNOTATIONS[ci];
    const value = keys
      .map(k => str(get(annotations, k)))
      .find(v => v !== undefined);
    if (!value || !pattern.test(value)) {
      findings.push({
        ...at(annotationLine),
        message: `The component lacks ${hint}${
          value ? ` (found \`${value}\`)` : ''
        }, which the portal uses to link the ${
          ci === 'tekton'
            ? 'pipeline runs'
            : 'repository and its signer identity'
        }.`,
      });
    }
  }
  findings.push(...crossChecks(repo, file, annotations));
  return findings;
}

export const r28 = defineRule({
  id: 'R28',
  title:
    'catalog-info.yaml complete with owner, system and integration annotations',
  description:
    "`catalog-info.yaml` validates and carries owner, system, `github.com/project-slug` (GitLab: `gitlab.com/project-slug`; Tekton: `tekton.dev/cicd`), `backstage.io/techdocs-ref`, `backstage.io/kubernetes-id`, `argocd/app-selector` and the suite's own annotations (`security.devsecops.io/pipeline-standard`, `security.devsecops.io/artifacts`).",
  helpUri:
    'https://backstage.io/docs/features/software-catalog/well-known-annotations',
  severity: 'medium',
  check: repo => {
    const file = repo.catalogInfoPath;
    if (!file) {
      return [
        {
          file: 'catalog-info.yaml',
          message:
            'No catalog-info.yaml: the service is not in the catalog and its security data has nowhere to go.',
        },
      ];
    }
    const component = repo.catalogEntities.find(
      e => str(get(e, 'kind')) === 'Component',
    );
    if (!component) {
      return [
        { file, message: 'catalog-info.yaml describes no `kind: Component`.' },
      ];
    }
    return checkComponent(repo, file, component);
  },
});
