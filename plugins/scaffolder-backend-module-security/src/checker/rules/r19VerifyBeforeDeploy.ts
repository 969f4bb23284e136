import { admissionVerifications } from '../detect/platform';
import { deployEvidence } from '../detect/deploy';
import { Verification, verifications } from '../detect/supplyChain';
import { CiJob, prerequisitesOf } from '../model/ciJob';
import { Repository } from '../model/Repository';
import { get, str } from '../model/yamlTree';
import { CiSystem, Finding } from '../types';
import { defineRule } from './defineRule';
import { ciAnchor, perCi } from './support';

const WILDCARD = /^\^?(\.[*+]|https?:\/\/[^/]+\/?\.[*+])\$?$/;

/**
 * The repository slug as a verification's identity may spell it: literally
 * (`--certificate-identity`, `--repo`), or in a regular expression with each punctuation
 * character escaped (`payments\.api`, `acme\/app`, `v2\-api`) or in a class of its own
 * (`payments[.]api`). Letters and digits must appear as they are. An unescaped `.` is
 * accepted too: the rule asks for an identity that names this repository, not for the most
 * precise expression. The name must stand whole, between `/` (or `:`, `^`) and `/`, `@` or
 * the end: `evilacme/app` and `acme/app-fork` are other repositories than `acme/app`.
 */
function slugPattern(slug: string): string {
  return [...slug]
    .map(c => {
      if (/[A-Za-z0-9]/.test(c)) return c;
      const literal = c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      return `(?:\\\\?${literal}|\\[${literal}\\])`;
    })
    .join('');
}

/** Ways a verification's identity can name this repository's own workflows. */
function repositoryReferences(repo: Repository, ci: CiSystem): RegExp {
  const slug = str(
    get(
      repo.catalogComponent,
      'metadata',
      'annotations',
      `${ci === 'gitlab' ? 'gitlab' : 'github'}.com/project-slug`,
    ),
  );
  const escaped = slug ? slugPattern(slug) : undefined;
  const dynamic =
    ci === 'gitlab'
      ? String.raw`\$\{?CI_PROJECT_(PATH|URL)\}?`
      : String.raw`github\.(repository|workflow_ref)\b|\$\{?GITHUB_(REPOSITORY|WORKFLOW_REF)\}?`;
  const before = String.raw`(?:^|[/:^]|\/)`;
  const after = String.raw`(?=$|[/@$'"]|\/)`;
  return new RegExp(escaped ? `${dynamic}|${before}${escaped}${after}` : dynamic);
}

function problemsOf(v: Verification, repoRef: RegExp | undefined): string[] {
  const problems: string[] = [];
  if (!v.identity)
    problems.push('pins no signer identity (`--certificate-identity-regexp`)');
  else if (WILDCARD.test(v.identity))
    problems.push(`accepts any signer (\`${v.identity}\`)`);
  else if (repoRef && !repoRef.test(v.identity))
    problems.push(
      `pins an identity (\`${v.identity}\`) that is not this repository's workflow`,
    );
  if (!v.issuer)
    problems.push('pins no OIDC issuer (`--certificate-oidc-issuer`)');
  else if (WILDCARD.test(v.issuer))
    problems.push(`accepts any issuer (\`${v.issuer}\`)`);
  if (!v.byDigest)
    problems.push('verifies a tag rather than `<image>@<digest>`');
  return problems;
}

function checkCi(repo: Repository, ci: CiSystem, jobs: CiJob[]): Finding[] {
  const admission = admissionVerifications(repo);
  const admitted =
    admission.some(a => a.signature) && admission.some(a => a.attestation);
  const repoRef = ci === 'tekton' ? undefined : repositoryReferences(repo, ci);
  const findings: Finding[] = [];
  const good = new Map<
    CiJob,
    { signature?: Verification; attestation?: Verification }
  >();
  const attempted = new Set<Verification['kind']>();
  for (const job of jobs) {
    for (const v of verifications(job)) {
      attempted.add(v.kind);
      const problems = problemsOf(v, repoRef);
      if (problems.length > 0) {
        findings.push({
          file: v.file,
          line: v.line,
          message: `\`${v.what}\` in \`${job.name}\` ${problems.join('; ')}.`,
        });
        continue;
      }
      const entry = good.get(job) ?? {};
      entry[v.kind] ??= v;
      good.set(job, entry);
    }
  }
  const verifiesBoth = (candidates: CiJob[]) =>
    candidates.some(j => good.get(j)?.signature) &&
    candidates.some(j => good.get(j)?.attestation);

  if (!verifiesBoth(jobs) && !admitted) {
    // A verification that is there but flawed has its own finding above.
    if (attempted.has('signature') && attempted.has('attestation'))
      return findings;
    findings.push({
      file: ciAnchor(repo, ci),
      message:
        "Signatures and attestations are not both verified before deploy. Run `cosign verify` and `cosign verify-attestation` on `<image>@<digest>` with `--certificate-identity-regexp` for this repository's workflow and `--certificate-oidc-issuer`, or enforce the same in the cluster (Kyverno `verifyImages`, sigstore policy-controller).",
    });
    return findings;
  }
  if (admitted) return findings;
  for (const job of jobs) {
    const deploy = deployEvidence(job);
    if (!deploy) continue;
    const before = prerequisitesOf(job, repo.pipelineOf(job));
    const earlier = jobs.filter(
      j => before.has(j.id) && j.pipeline === job.pipeline,
    );
    const inJob = good.get(job);
    const inJobFirst =
      inJob?.signature &&
      inJob.attestation &&
      inJob.signature.order < deploy.order &&
      inJob.attestation.order < deploy.order;
    if (verifiesBoth(earlier) || inJobFirst) continue;
    findings.push({
      file: deploy.file,
      line: deploy.line,
      message: `\`${job.name}\` deploys (${deploy.what}) without first verifying the image's signature and attestations. Make it depend on the verification job, or verify in this job before deploying.`,
    });
  }
  return findings;
}

export const r19 = defineRule({
  id: 'R19',
  title:
    'Signatures and attestations verified before deploy with a pinned identity',
  description:
    "Signatures and attestations verified before deploy with a pinned identity (`--certificate-identity-regexp` for the repo's workflow, `--certificate-oidc-issuer`), by digest; every deploying job depends on the verification. An admission policy in the repository (Kyverno `verifyImages`, sigstore `ClusterImagePolicy`) with keyless identities also counts.",
  helpUri: 'https://docs.sigstore.dev/cosign/verifying/verify/',
  severity: 'critical',
  check: repo =>
    perCi(
      repo,
      (ci, jobs) => checkCi(repo, ci, jobs),
      'signatures and attestations must be verified before deploy.',
    ),
});
