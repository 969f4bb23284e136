import {
  admissionVerifications,
  chainsSettings,
  chainsTypeHints,
  githubWriteScopes,
  gitlabTokenAudiences,
  hasWriteScope,
} from '../detect/platform';
import { cosignSignings, verifications } from '../detect/supplyChain';
import { CiJob } from '../model/ciJob';
import { Repository } from '../model/Repository';
import { entries, get } from '../model/yamlTree';
import { CiSystem, Finding } from '../types';
import { defineRule } from './defineRule';
import { ciAnchor, perCi } from './support';

const PRIVATE_KEY =
  /-----BEGIN ((ENCRYPTED )?(SIGSTORE |COSIGN |EC |RSA |OPENSSH |DSA )?PRIVATE KEY)-----/;

/** Private keys committed to the tree: PEM blocks, cosign key files, Secrets holding them. */
export function committedKeys(repo: Repository): Finding[] {
  const findings: Finding[] = [];
  for (const file of repo.files) {
    const head = file.head.toString('latin1');
    const pem = PRIVATE_KEY.exec(head);
    const isCosignKey = /(^|\/)cosign\.key$/.test(file.path);
    if (!pem && !isCosignKey) continue;
    findings.push({
      file: file.path,
      line: pem ? head.slice(0, pem.index).split('\n').length : undefined,
      message: `${file.path} holds a private key${
        pem ? ` (${pem[1]})` : ''
      }. Remove it from the repository (and its history), revoke it, and sign keylessly with the pipeline's OIDC identity.`,
    });
  }
  for (const object of repo.allObjects) {
    if (object.kind !== 'Secret') continue;
    for (const key of [
      ...entries(get(object.node, 'data')),
      ...entries(get(object.node, 'stringData')),
    ]) {
      if (
        /cosign\.(key|password)|signing[-_.]?key|private[-_.]?key/i.test(
          key.key,
        )
      ) {
        findings.push({
          file: object.file,
          line: key.keyLine,
          message: `Secret \`${object.name}\` carries a signing key (\`${key.key}\`) in the repository. Remove it and sign keylessly.`,
        });
      }
    }
  }
  return findings;
}

const MISSING_IDENTITY: Record<CiSystem, string> = {
  github: 'runs in a job without `permissions: id-token: write`',
  gitlab: 'runs in a job without `id_tokens` for the `sigstore` audience',
  tekton: 'has no OIDC identity',
};

function canGetIdentity(repo: Repository, ci: CiSystem, job: CiJob): boolean {
  if (ci === 'github')
    return hasWriteScope(githubWriteScopes(repo, job), 'id-token');
  return gitlabTokenAudiences(repo, job).some(a => /sigstore/.test(a));
}

function ciSigning(repo: Repository, ci: CiSystem, jobs: CiJob[]): Finding[] {
  const signings = jobs.flatMap(job =>
    cosignSignings(job, repo.text(job.file)).map(signing => ({ job, signing })),
  );
  if (signings.length === 0) {
    return [
      {
        file: ciAnchor(repo, ci),
        message:
          'The image is never signed. Sign it keylessly after the push: `cosign sign --yes <image>@<digest>` in a job with an OIDC token for Sigstore.',
      },
    ];
  }
  const findings: Finding[] = [];
  for (const { job, signing } of signings) {
    const problems = [
      signing.keyless
        ? undefined
        : 'signs with a key instead of keylessly (drop `--key`)',
      signing.yes
        ? undefined
        : 'lacks `--yes`, so it waits for a confirmation no CI job can give',
      signing.byDigest
        ? undefined
        : 'signs a tag rather than `<image>@<digest>`, so the signature may cover another image',
      canGetIdentity(repo, ci, job) ? undefined : MISSING_IDENTITY[ci],
    ].filter((p): p is string => p !== undefined);
    if (problems.length > 0) {
      findings.push({
        file: signing.file,
        line: signing.line,
        message: `\`cosign sign\` in \`${job.name}\` ${problems.join('; ')}.`,
      });
    }
  }
  return findings;
}

function tektonSigning(repo: Repository, jobs: CiJob[]): Finding[] {
  const hints = chainsTypeHints(repo);
  const chains = chainsSettings(repo);
  const identityVerified = jobs.some(j =>
    verifications(j).some(
      v => v.kind === 'signature' && v.identity && v.issuer,
    ),
  );
  const admission = admissionVerifications(repo).some(a => a.signature);
  const findings: Finding[] = [];
  if (!hints) {
    findings.push({
      file: ciAnchor(repo, 'tekton'),
      message:
        'No task reports the image it built as `IMAGE_URL` and `IMAGE_DIGEST` results, so Tekton Chains has nothing to sign. Declare both results on the build task.',
    });
  }
  if (chains && !chains.keyless) {
    findings.push({
      file: chains.object.file,
      line: chains.object.line,
      message:
        'Tekton Chains signs with a stored key. Enable keyless signing: `signers.x509.fulcio.enabled: "true"` with `artifacts.oci.signer: x509`.',
    });
  } else if (!chains && !identityVerified && !admission) {
    findings.push({
      file: hints?.file ?? ciAnchor(repo, 'tekton'),
      line: hints?.line,
      message:
        'Nothing shows that Tekton Chains signs keylessly: commit its configuration (`signers.x509.fulcio.enabled: "true"`) or verify the signature later in the pipeline with `cosign verify --certificate-identity … --certificate-oidc-issuer …`.',
    });
  }
  return findings;
}

export const r17 = defineRule({
  id: 'R17',
  title: 'Image signed keylessly by the build workflow',
  description:
    "Keyless signing (`cosign sign --yes <img>@<digest>` in a job with `id-token: write`; GitLab: `id_tokens` with the `sigstore` audience); no private signing keys in the repo. Tekton: Tekton Chains signs the image named by the build task's `IMAGE_URL`/`IMAGE_DIGEST` results, keylessly (Chains config with Fulcio, or a keyless `cosign verify` later in the pipeline).",
  helpUri: 'https://docs.sigstore.dev/cosign/signing/signing_with_containers/',
  severity: 'critical',
  check: repo => [
    ...committedKeys(repo),
    ...perCi(
      repo,
      (ci, jobs) =>
        ci === 'tekton' ? tektonSigning(repo, jobs) : ciSigning(repo, ci, jobs),
      'the image must be signed keylessly by the pipeline.',
    ),
  ],
});
