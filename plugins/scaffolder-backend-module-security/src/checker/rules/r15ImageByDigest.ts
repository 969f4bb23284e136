import { commandsOf, subcommand } from '../detect/commands';
import { CiJob, actionName, input } from '../model/ciJob';
import { containersOf, podTemplateOf } from '../model/kubernetes';
import { Repository } from '../model/Repository';
import { optionValue } from '../model/shell';
import { get, items, str } from '../model/yamlTree';
import { Finding } from '../types';
import { defineRule } from './defineRule';

const DIGEST = /@sha256:[0-9a-f]{64}$/;

/** Image names a kustomization rewrites to a digest (`images: [{ name, digest }]`). */
function kustomizedDigests(repo: Repository): Set<string> {
  const names = new Set<string>();
  for (const file of repo.kustomizations) {
    for (const image of items(get(file.documents[0], 'images'))) {
      const name = str(get(image, 'name'));
      if (name && /^sha256:[0-9a-f]{64}$/.test(str(get(image, 'digest')) ?? ''))
        names.add(name);
    }
  }
  return names;
}

/** The Dockerfiles a job builds an image from (`.` stands for the default Dockerfile). */
function builtDockerfiles(job: CiJob): string[] {
  const built: string[] = [];
  for (const step of job.steps) {
    if (actionName(step.uses) === 'docker/build-push-action') {
      built.push(input(step, 'file') ?? 'Dockerfile');
    }
  }
  for (const c of commandsOf(job)) {
    const sub = subcommand(c);
    const builds =
      (['docker', 'podman', 'nerdctl'].includes(c.program) &&
        (sub === 'build' || (sub === 'buildx' && c.args.includes('build')))) ||
      (c.program === 'buildah' && ['bud', 'build'].includes(sub ?? ''));
    if (builds) {
      const file = optionValue(c.args, ['-f', '--file']);
      built.push(typeof file === 'string' ? file : 'Dockerfile');
    } else if (c.program === 'executor') {
      const file = optionValue(c.args, ['--dockerfile']);
      built.push(typeof file === 'string' ? file : 'Dockerfile');
    }
  }
  return built;
}

export const r15 = defineRule({
  id: 'R15',
  title: 'Image built once and deployed by digest',
  description:
    'The image is built once and referenced by digest afterwards; deploy manifests use `image: ...@sha256:` (directly or through a kustomization `images:` entry with a `digest`).',
  helpUri: 'https://slsa.dev/spec/v1.0/distributing-provenance',
  severity: 'high',
  notApplicable: repo =>
    repo.paths.some(p => p.startsWith('deploy/')) || repo.dockerfiles.length > 0
      ? undefined
      : 'No deploy/ manifests and no Dockerfile',
  check: repo => {
    const findings: Finding[] = [];
    const kustomized = kustomizedDigests(repo);
    const templates = repo.deployObjects
      .map(podTemplateOf)
      .filter(t => t !== undefined);
    if (templates.length === 0) {
      findings.push({
        file: 'deploy/',
        message:
          'No workload manifests (Deployment, StatefulSet, Job, ...) under deploy/, so nothing shows which image is deployed. Keep the manifests there, with images by digest.',
      });
    }
    for (const template of templates) {
      for (const { container, name } of containersOf(template!)) {
        const node = get(container, 'image');
        const image = str(node);
        if (!image || DIGEST.test(image) || kustomized.has(image.split(':')[0]))
          continue;
        findings.push({
          file: template!.object.file,
          line: node?.line ?? container.line,
          message: `Container \`${name}\` of ${template!.object.kind} \`${
            template!.object.name
          }\` uses \`${image}\`, a tag that can point elsewhere tomorrow. Deploy the digest the pipeline built: \`image: …@sha256:<digest>\` (or a kustomization \`images:\` entry with \`digest:\`).`,
        });
      }
    }
    for (const ci of repo.ciSystems) {
      const byPipeline = new Map<string, Array<{ job: CiJob; file: string }>>();
      for (const job of repo.jobs(ci)) {
        for (const file of builtDockerfiles(job)) {
          const key = `${job.pipeline}\u0000${file.replace(/^\.\//, '')}`;
          byPipeline.set(key, [...(byPipeline.get(key) ?? []), { job, file }]);
        }
      }
      for (const builds of byPipeline.values()) {
        const jobs = [...new Set(builds.map(b => b.job))];
        if (jobs.length < 2) continue;
        findings.push({
          ci,
          file: jobs[1].file,
          line: jobs[1].line,
          message: `${builds[0].file} is built by ${jobs.length} jobs (${jobs
            .map(j => `\`${j.name}\``)
            .join(
              ', ',
            )}) in one pipeline; what is scanned, signed and deployed may differ. Build once, push, and pass the digest to the other jobs.`,
        });
      }
    }
    return findings;
  },
});
