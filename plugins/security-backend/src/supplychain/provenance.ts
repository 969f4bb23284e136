import { ProvenanceFacts } from '@devsecops/plugin-security-common';
import { JsonObject, arr, isObject, obj, str } from '@devsecops/plugin-security-node';

export const SLSA_PROVENANCE_V02 = 'https://slsa.dev/provenance/v0.2';
export const SLSA_PROVENANCE_V1 = 'https://slsa.dev/provenance/v1';

/** Builder, source and workflow from a SLSA provenance predicate (v0.2 or v1), if it is one. */
export function provenanceFacts(
  predicateType: string | undefined,
  predicate: unknown,
): ProvenanceFacts | undefined {
  if (!isObject(predicate)) return undefined;
  if (predicateType === SLSA_PROVENANCE_V02) return fromV02(predicate);
  if (predicateType === SLSA_PROVENANCE_V1) return fromV1(predicate);
  return undefined;
}

function fromV02(p: JsonObject): ProvenanceFacts {
  const invocation = obj(p, 'invocation');
  const configSource = invocation ? obj(invocation, 'configSource') : undefined;
  const digest = configSource ? obj(configSource, 'digest') : undefined;
  const metadata = obj(p, 'metadata');
  const builder = obj(p, 'builder');
  const repoAndRef = splitGitUri(configSource ? str(configSource, 'uri') : undefined);
  return compact({
    slsaVersion: '0.2',
    builderId: builder ? str(builder, 'id') : undefined,
    buildType: str(p, 'buildType'),
    sourceRepository: repoAndRef.repository,
    sourceRef: repoAndRef.ref,
    sourceCommit: digest ? str(digest, 'sha1') ?? str(digest, 'gitCommit') : undefined,
    workflow: configSource ? str(configSource, 'entryPoint') : undefined,
    invocationId: metadata ? str(metadata, 'buildInvocationId') : undefined,
  });
}

function fromV1(p: JsonObject): ProvenanceFacts {
  const definition = obj(p, 'buildDefinition');
  const run = obj(p, 'runDetails');
  const external = definition ? obj(definition, 'externalParameters') : undefined;
  const workflow = external ? obj(external, 'workflow') : undefined;
  const builder = run ? obj(run, 'builder') : undefined;
  const metadata = run ? obj(run, 'metadata') : undefined;
  const dependencies = (definition && arr(definition, 'resolvedDependencies')) ?? [];
  const source = dependencies.find(isObject) as JsonObject | undefined;
  const sourceDigest = source ? obj(source, 'digest') : undefined;
  const fromSource = splitGitUri(source ? str(source, 'uri') : undefined);
  return compact({
    slsaVersion: '1',
    builderId: builder ? str(builder, 'id') : undefined,
    buildType: definition ? str(definition, 'buildType') : undefined,
    sourceRepository:
      (workflow && str(workflow, 'repository')) ?? fromSource.repository,
    sourceRef: (workflow && str(workflow, 'ref')) ?? fromSource.ref,
    sourceCommit: sourceDigest
      ? str(sourceDigest, 'gitCommit') ?? str(sourceDigest, 'sha1')
      : undefined,
    workflow: workflow ? str(workflow, 'path') : undefined,
    invocationId: metadata ? str(metadata, 'invocationId') : undefined,
  });
}

/** `git+https://github.com/o/r@refs/tags/v1` → repository and ref. */
function splitGitUri(uri: string | undefined): { repository?: string; ref?: string } {
  if (!uri) return {};
  const plain = uri.replace(/^git\+/, '');
  const at = plain.indexOf('@', plain.indexOf('://') + 3);
  return at > 0
    ? { repository: plain.slice(0, at), ref: plain.slice(at + 1) }
    : { repository: plain };
}

function compact(facts: ProvenanceFacts): ProvenanceFacts {
  return Object.fromEntries(
    Object.entries(facts).filter(([, v]) => v !== undefined),
  ) as ProvenanceFacts;
}
