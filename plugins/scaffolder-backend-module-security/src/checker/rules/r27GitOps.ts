import { K8sObject } from '../model/kubernetes';
import { YNode, get, isTrue, items, str } from '../model/yamlTree';
import { Finding } from '../types';
import { defineRule } from './defineRule';

const PINNED = /^([0-9a-f]{40}|v?\d+\.\d+\.\d+([-+][\w.-]+)?)$/;

/** The Application specs: Applications, and ApplicationSet templates. */
function applicationSpecs(
  objects: K8sObject[],
): Array<{ object: K8sObject; spec: YNode }> {
  return objects.flatMap(object => {
    if (!object.apiVersion.startsWith('argoproj.io/')) return [];
    if (object.kind === 'Application') {
      const spec = get(object.node, 'spec');
      return spec ? [{ object, spec }] : [];
    }
    if (object.kind === 'ApplicationSet') {
      const spec = get(object.node, 'spec', 'template', 'spec');
      return spec ? [{ object, spec }] : [];
    }
    return [];
  });
}

function checkApplication(object: K8sObject, spec: YNode): Finding[] {
  const findings: Finding[] = [];
  const name = `Argo CD ${object.kind} \`${object.name}\``;
  const sources = [get(spec, 'source'), ...items(get(spec, 'sources'))].filter(
    (s): s is YNode => s !== undefined,
  );
  for (const source of sources) {
    const revisionNode = get(source, 'targetRevision');
    const revision = str(revisionNode) ?? 'HEAD';
    if (!PINNED.test(revision)) {
      findings.push({
        file: object.file,
        line: (revisionNode ?? source).line,
        message: `${name} tracks \`targetRevision: ${revision}\`, which moves on its own. Pin a commit SHA or a release tag and promote by changing it.`,
      });
    }
  }
  const automated = get(spec, 'syncPolicy', 'automated');
  const missing = ['prune', 'selfHeal'].filter(k => !isTrue(get(automated, k)));
  if (missing.length > 0) {
    findings.push({
      file: object.file,
      line: (automated ?? spec).line,
      message: `${name} does not set \`syncPolicy.automated.${missing.join(
        '` and `syncPolicy.automated.',
      )}: true\`, so drift in the cluster is neither removed nor reverted.`,
    });
  }
  return findings;
}

export const r27 = defineRule({
  id: 'R27',
  title: 'Deployed through GitOps with pinned revision, prune and self-heal',
  description:
    'GitOps: manifests in a deploy folder or repo that an Argo CD `Application` (anywhere in the repository) tracks with a pinned `targetRevision` and automated `prune`/`selfHeal`.',
  helpUri: 'https://argo-cd.readthedocs.io/en/stable/user-guide/auto_sync/',
  severity: 'medium',
  check: repo => {
    const applications = applicationSpecs(repo.allObjects);
    if (applications.length === 0) {
      return [
        {
          file: 'deploy/',
          message:
            'No Argo CD Application tracks the deploy manifests. Add one (pinned `targetRevision`, `syncPolicy.automated` with `prune` and `selfHeal`).',
        },
      ];
    }
    const findings = applications.flatMap(({ object, spec }) =>
      checkApplication(object, spec),
    );
    const annotations = get(repo.catalogComponent, 'metadata', 'annotations');
    const slug = (
      str(get(annotations, 'github.com/project-slug')) ??
      str(get(annotations, 'gitlab.com/project-slug'))
    )?.toLowerCase();
    const tracksDeploy = applications.some(({ spec }) =>
      [get(spec, 'source'), ...items(get(spec, 'sources'))].some(s => {
        const path = str(get(s, 'path')) ?? '';
        const url = (str(get(s, 'repoURL')) ?? '').toLowerCase();
        // This repository's deploy/ folder, or a separate deployment repository.
        return (
          /^(\.\/)?deploy(\/|$)/.test(path) ||
          (slug !== undefined && url !== '' && !url.includes(slug))
        );
      }),
    );
    if (!tracksDeploy) {
      const first = applications[0].object;
      findings.push({
        file: first.file,
        line: first.line,
        message:
          'No Argo CD Application points at the deploy/ folder (`source.path: deploy`).',
      });
    }
    return findings;
  },
});
