import { CiJob, actionName, input } from '../model/ciJob';
import { hasOption, optionValue, stringOption } from '../model/shell';
import {
  SimpleCommand,
  commandsOf,
  expander,
  runs,
  subcommand,
} from './commands';
import {
  Evidence,
  commandEvidence,
  firstCommand,
  stepEvidence,
  word,
} from './evidence';

// The image after the build: push, SBOM, signature, provenance and their verification.

export function imagePush(job: CiJob): Evidence | undefined {
  for (const step of job.steps) {
    const name = actionName(step.uses) ?? '';
    if (name === 'docker/build-push-action' && input(step, 'push') === 'true') {
      return stepEvidence(job, step, name);
    }
    if (/^redhat-actions\/push-to-registry$/.test(name))
      return stepEvidence(job, step, name);
    if (
      /^task:(buildah|kaniko|build-image|docker-build|s2i|buildpacks|ko)([-.].*)?$/.test(
        name,
      )
    ) {
      return stepEvidence(job, step, name.slice(5));
    }
  }
  return firstCommand(
    job,
    c => {
      const sub = subcommand(c);
      return (
        (['docker', 'podman', 'buildah', 'nerdctl'].includes(c.program) &&
          sub === 'push') ||
        (c.program === 'docker' &&
          sub === 'buildx' &&
          hasOption(c.args, ['--push'])) ||
        (c.program === 'docker' &&
          sub === 'build' &&
          hasOption(c.args, ['--push'])) ||
        c.program === 'executor' ||
        (c.program === 'ko' &&
          ['build', 'publish', 'apply'].includes(sub ?? '')) ||
        (c.program === 'skopeo' && sub === 'copy') ||
        (c.program === 'crane' &&
          ['push', 'copy', 'append'].includes(sub ?? '')) ||
        (c.program === 'pack' && hasOption(c.args, ['--publish']))
      );
    },
    c => `${c.program} ${subcommand(c) ?? ''}`.trim(),
  );
}

export function sbomGeneration(job: CiJob): Evidence | undefined {
  for (const step of job.steps) {
    const name = actionName(step.uses) ?? '';
    if (/^(anchore\/sbom-action|cyclonedx\/.*)$/.test(name))
      return stepEvidence(job, step, name);
    if (
      name === 'aquasecurity/trivy-action' &&
      /cyclonedx|spdx/.test(input(step, 'format') ?? '')
    ) {
      return stepEvidence(job, step, 'trivy (SBOM)');
    }
    if (name === 'docker/build-push-action' && input(step, 'sbom') === 'true') {
      return stepEvidence(job, step, 'docker/build-push-action (sbom)');
    }
    if (/^task:.*(sbom|syft|cyclonedx).*$/.test(name))
      return stepEvidence(job, step, name.slice(5));
  }
  return firstCommand(
    job,
    c =>
      runs(c, 'syft') ||
      runs(c, 'cdxgen') ||
      /^cyclonedx(-|$)/.test(c.program) ||
      (c.program === 'npm' && subcommand(c) === 'sbom') ||
      (runs(c, 'trivy') && /--format[= ](cyclonedx|spdx)/.test(c.text)) ||
      (['docker', 'buildah', 'podman'].includes(c.program) &&
        /--sbom(=|\s|$)/.test(c.text)),
    c => c.program,
  );
}

/** `cosign attest --type <predicate>`: `cyclonedx`, `spdxjson`, `slsaprovenance1`... */
function cosignAttestTypes(c: SimpleCommand): string | undefined {
  if (!runs(c, 'cosign') || subcommand(c) !== 'attest') return undefined;
  const type = optionValue(c.args, ['--type']);
  return typeof type === 'string' ? type.toLowerCase() : 'custom';
}

export function sbomAttestation(job: CiJob): Evidence | undefined {
  for (const step of job.steps) {
    const name = actionName(step.uses) ?? '';
    if (name === 'actions/attest-sbom') return stepEvidence(job, step, name);
    if (name === 'actions/attest' && input(step, 'sbom-path'))
      return stepEvidence(job, step, name);
  }
  return firstCommand(
    job,
    c => /cyclonedx|spdx/.test(cosignAttestTypes(c) ?? ''),
    () => 'cosign attest (SBOM)',
  );
}

export interface Signing extends Evidence {
  keyless: boolean;
  yes: boolean;
  byDigest: boolean;
}

/**
 * The image a signing or verifying command is about: the argument naming an image by digest
 * when there is one, else its last positional argument.
 */
function imageArgument(args: string[]): string {
  const positional = args.filter(a => !a.startsWith('-'));
  return (
    positional.find(a => /^(oci:\/\/)?[^\s@]+@(sha256:|\$)/.test(a)) ??
    positional[positional.length - 1] ??
    ''
  );
}

/** An image reference by digest: `@sha256:…` or `@` followed by a digest expression. */
export function isByDigest(reference: string): boolean {
  return (
    /@sha256:[0-9a-f]{64}\b/.test(reference) ||
    /@(\$\{\{|\$\{|\$\(|\$[A-Za-z_])/.test(reference)
  );
}

export function cosignSignings(
  job: CiJob,
  fileText: string | undefined,
): Signing[] {
  const yesByEnv = /COSIGN_YES["']?\s*[:=]\s*["']?true/i.test(fileText ?? '');
  return commandsOf(job)
    .filter(c => runs(c, 'cosign') && subcommand(c) === 'sign')
    .map(c => {
      // Any key (a file, a KMS URI, a security key) means it is not keyless.
      const keyless = !hasOption(c.args, ['--key', '--sk']);
      const reference = imageArgument(c.args);
      return {
        ...commandEvidence(job, c, 'cosign sign'),
        keyless,
        yes: hasOption(c.args, ['--yes', '-y']) || yesByEnv,
        byDigest: isByDigest(reference),
      };
    });
}

export interface Provenance extends Evidence {
  /** What the step needs from the token to run: `id-token`, `attestations`... */
  needs: string[];
}

const SLSA_GENERATOR =
  'slsa-framework/slsa-github-generator/.github/workflows/';

export function provenance(job: CiJob): Provenance | undefined {
  for (const step of job.steps) {
    const name = actionName(step.uses) ?? '';
    if (
      name.startsWith(SLSA_GENERATOR) &&
      /generator_container_slsa3\.yml$/.test(name)
    ) {
      return {
        ...stepEvidence(job, step, 'generator_container_slsa3.yml'),
        needs: ['id-token', 'packages', 'actions:read'],
      };
    }
    if (
      name === 'actions/attest-build-provenance' &&
      input(step, 'push-to-registry') === 'true'
    ) {
      return {
        ...stepEvidence(job, step, name),
        needs: ['id-token', 'attestations'],
      };
    }
    if (
      name === 'actions/attest' &&
      input(step, 'push-to-registry') === 'true' &&
      /slsa\.dev\/provenance/.test(input(step, 'predicate-type') ?? '')
    ) {
      return {
        ...stepEvidence(job, step, name),
        needs: ['id-token', 'attestations'],
      };
    }
  }
  const command = commandsOf(job).find(c =>
    /slsaprovenance|slsa\.dev\/provenance/.test(cosignAttestTypes(c) ?? ''),
  );
  return command
    ? {
        ...commandEvidence(job, command, 'cosign attest (provenance)'),
        needs: [],
      }
    : undefined;
}

export interface Verification extends Evidence {
  kind: 'signature' | 'attestation';
  /** `cosign verify-attestation --type`: `slsaprovenance1`, `cyclonedx`... */
  predicateType?: string;
  identity?: string;
  issuer?: string;
  byDigest: boolean;
}

export function verifications(job: CiJob): Verification[] {
  const out: Verification[] = [];
  const expand = expander(job);
  for (const c of commandsOf(job)) {
    const sub = subcommand(c);
    const byDigest = isByDigest(imageArgument(c.args));
    const value = (names: string[]) => {
      const v = stringOption(c.args, names);
      return v === undefined ? undefined : expand(v);
    };
    if (
      runs(c, 'cosign') &&
      (sub === 'verify' || sub === 'verify-attestation')
    ) {
      out.push({
        ...commandEvidence(job, c, `cosign ${sub}`),
        kind: sub === 'verify' ? 'signature' : 'attestation',
        predicateType: value(['--type']),
        identity: value([
          '--certificate-identity',
          '--certificate-identity-regexp',
        ]),
        issuer: value([
          '--certificate-oidc-issuer',
          '--certificate-oidc-issuer-regexp',
        ]),
        byDigest,
      });
    } else if (
      c.program === 'gh' &&
      sub === 'attestation' &&
      word(c, 'verify')
    ) {
      out.push({
        ...commandEvidence(job, c, 'gh attestation verify'),
        kind: 'attestation',
        identity: value([
          '--signer-workflow',
          '--cert-identity',
          '--cert-identity-regex',
          '--repo',
          '-R',
        ]),
        issuer:
          value(['--cert-oidc-issuer']) ??
          'https://token.actions.githubusercontent.com',
        byDigest,
      });
    } else if (runs(c, 'slsa-verifier') && sub === 'verify-image') {
      out.push({
        ...commandEvidence(job, c, 'slsa-verifier verify-image'),
        kind: 'attestation',
        identity: value(['--source-uri']),
        issuer: 'https://token.actions.githubusercontent.com',
        byDigest,
      });
    }
  }
  return out;
}
