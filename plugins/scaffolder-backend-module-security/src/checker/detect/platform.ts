import { CiJob } from '../model/ciJob';
import { K8sObject } from '../model/kubernetes';
import { Repository } from '../model/Repository';
import { YNode, asMap, entries, get, items, str } from '../model/yamlTree';

/**
 * What a job may do with its token or OIDC identity: GitHub's effective `permissions`
 * (the job's, else the workflow's), GitLab's `id_tokens` audiences.
 */
export function githubWriteScopes(repo: Repository, job: CiJob): Set<string> {
  const workflow = repo.githubWorkflows.find(w => w.file === job.file);
  const gh = workflow?.jobs.find(j => j.id === job.id);
  const node = gh?.permissions?.value ?? workflow?.permissions?.value;
  const scopes = new Set<string>();
  if (str(node) === 'write-all') return new Set(['*']);
  for (const e of entries(node))
    if (str(e.value) === 'write') scopes.add(e.key);
  return scopes;
}

export function hasWriteScope(scopes: Set<string>, scope: string): boolean {
  return scopes.has('*') || scopes.has(scope);
}

/** The audiences of the OIDC tokens a GitLab job requests. */
export function gitlabTokenAudiences(repo: Repository, job: CiJob): string[] {
  const gl = repo.gitlab?.jobs.find(j => j.name === job.id);
  return entries(get(gl?.config, 'id_tokens')).flatMap(e => {
    const aud = get(e.value, 'aud');
    return aud?.kind === 'seq'
      ? items(aud).map(a => str(a) ?? '')
      : [str(aud) ?? ''];
  });
}

// ---- Tekton Chains ------------------------------------------------------------------------

export interface ChainsSettings {
  object: K8sObject;
  /** Signs with a Fulcio certificate (keyless) instead of a key in `signing-secrets`. */
  keyless: boolean;
  /** Writes SLSA/in-toto provenance for task or pipeline runs to the OCI registry. */
  provenance: boolean;
}

/** Chains configuration kept in the repository: the ConfigMap, TektonConfig or TektonChain. */
export function chainsSettings(repo: Repository): ChainsSettings | undefined {
  for (const object of repo.allObjects) {
    let data: YNode | undefined;
    if (object.kind === 'ConfigMap' && object.name === 'chains-config')
      data = get(object.node, 'data');
    else if (object.kind === 'TektonConfig')
      data = get(object.node, 'spec', 'chain');
    else if (object.kind === 'TektonChain') data = get(object.node, 'spec');
    if (!asMap(data)) continue;
    const value = (key: string) => str(get(data, key));
    const provenanceFormat = (kind: string) =>
      /^(in-toto|slsa\/v\d.*)$/.test(value(`artifacts.${kind}.format`) ?? '') &&
      /\boci\b/.test(value(`artifacts.${kind}.storage`) ?? '');
    return {
      object,
      keyless:
        value('signers.x509.fulcio.enabled') === 'true' &&
        (value('artifacts.oci.signer') ?? 'x509') === 'x509',
      provenance:
        provenanceFormat('pipelinerun') || provenanceFormat('taskrun'),
    };
  }
  return undefined;
}

export interface TypeHints {
  file: string;
  line: number;
}

const URL_RESULT = /^(.*_)?IMAGE_URL$/;
const DIGEST_RESULT = /^(.*_)?IMAGE_DIGEST$/;

/**
 * Where the pipeline tells Chains which image it built: a task declaring `IMAGE_URL` and
 * `IMAGE_DIGEST` (or `IMAGES`, `*ARTIFACT_OUTPUTS`) results, or a pipeline using such results
 * of a task whose definition is not in the repository.
 */
export function chainsTypeHints(repo: Repository): TypeHints | undefined {
  for (const object of repo.tekton.objects) {
    let found: TypeHints | undefined;
    const visit = (node: YNode | undefined, depth: number) => {
      if (!node || found || depth > 30) return;
      if (node.kind === 'seq') node.items.forEach(i => visit(i, depth + 1));
      if (node.kind !== 'map') return;
      const results = items(get(node, 'results')).map(
        r => str(get(r, 'name')) ?? '',
      );
      if (
        (results.some(r => URL_RESULT.test(r)) &&
          results.some(r => DIGEST_RESULT.test(r))) ||
        results.some(r => r === 'IMAGES' || /ARTIFACT_OUTPUTS$/.test(r))
      ) {
        found = { file: object.file, line: get(node, 'results')!.line };
        return;
      }
      node.entries.forEach(e => visit(e.value, depth + 1));
    };
    visit(object.node, 0);
    if (found) return found;
    const text = repo.text(object.file) ?? '';
    if (
      /results\.(\w+_)?IMAGE_URL\b/.test(text) &&
      /results\.(\w+_)?IMAGE_DIGEST\b/.test(text)
    ) {
      return { file: object.file, line: object.line };
    }
  }
  return undefined;
}

// ---- admission policies that verify images -------------------------------------------------

export interface AdmissionVerification {
  object: K8sObject;
  signature: boolean;
  attestation: boolean;
}

/** Kyverno `verifyImages` and sigstore policy-controller policies with keyless identities. */
export function admissionVerifications(
  repo: Repository,
): AdmissionVerification[] {
  const out: AdmissionVerification[] = [];
  for (const object of repo.allObjects) {
    if (
      /^kyverno\.io\//.test(object.apiVersion) &&
      /^(Cluster)?Policy$/.test(object.kind)
    ) {
      for (const rule of items(get(object.node, 'spec', 'rules'))) {
        for (const verify of items(get(rule, 'verifyImages'))) {
          const keyless = items(get(verify, 'attestors')).flatMap(a =>
            items(get(a, 'entries')).map(e => get(e, 'keyless')),
          );
          const pinned = keyless.some(
            k =>
              (str(get(k, 'subject')) ?? str(get(k, 'subjectRegExp'))) !==
                undefined &&
              (str(get(k, 'issuer')) ?? str(get(k, 'issuerRegExp'))) !==
                undefined,
          );
          if (!pinned) continue;
          out.push({
            object,
            signature: true,
            attestation: items(get(verify, 'attestations')).length > 0,
          });
        }
      }
    }
    if (
      /^policy\.sigstore\.dev\//.test(object.apiVersion) &&
      object.kind === 'ClusterImagePolicy'
    ) {
      for (const authority of items(get(object.node, 'spec', 'authorities'))) {
        const identities = items(get(authority, 'keyless', 'identities'));
        const pinned = identities.some(
          i =>
            (str(get(i, 'subject')) ?? str(get(i, 'subjectRegExp'))) !==
              undefined &&
            (str(get(i, 'issuer')) ?? str(get(i, 'issuerRegExp'))) !==
              undefined,
        );
        if (!pinned) continue;
        out.push({
          object,
          signature: true,
          attestation: items(get(authority, 'attestations')).length > 0,
        });
      }
    }
  }
  return out;
}
