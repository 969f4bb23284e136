import { field, obj, str } from '@devsecops/plugin-security-node';
import { Violation, Workload } from './types';
import { ManifestSet } from './manifestSet';
import { containerContext, violation } from './podFields';

/** Hardening beyond the Pod Security Standards, from our own rules. */

export function readOnlyRootFilesystem(w: Workload): Violation[] {
  return w.containers
    .filter(c => field(containerContext(c), 'readOnlyRootFilesystem') !== true)
    .map(c =>
      violation(w, `${c.path}.securityContext.readOnlyRootFilesystem`, `container '${c.name}' has a writable root filesystem; readOnlyRootFilesystem must be true`),
    );
}

/** The pod's own setting wins; without one, the service account's (when it is in the manifests). */
export function serviceAccountToken(w: Workload, set: ManifestSet): Violation[] {
  const podValue = field(w.spec, 'automountServiceAccountToken');
  if (podValue === false) return [];
  const path = `${w.specPath}.automountServiceAccountToken`;
  if (podValue === true) {
    return [violation(w, path, 'automountServiceAccountToken is true; set it to false unless the pod calls the Kubernetes API')];
  }
  // serviceAccount is the deprecated spelling, still honoured by the API server
  const accountName = str(w.spec, 'serviceAccountName') ?? str(w.spec, 'serviceAccount') ?? 'default';
  const account = set.serviceAccounts.get(`${w.namespace}/${accountName}`);
  if (field(account, 'automountServiceAccountToken') === false) return [];
  return [
    violation(w, path, `automountServiceAccountToken is not set, so service account '${accountName}' gets its token mounted; set it to false`),
  ];
}

const RESOURCE_FIELDS = [
  ['limits', 'cpu'],
  ['limits', 'memory'],
  ['requests', 'cpu'],
  ['requests', 'memory'],
] as const;

export function resourceLimits(w: Workload): Violation[] {
  // ephemeral containers cannot have resources: the API rejects them
  return w.containers
    .filter(c => c.list !== 'ephemeralContainers')
    .flatMap(c => {
      const resources = obj(c.container, 'resources');
      return RESOURCE_FIELDS.filter(([kind, resource]) => str(obj(resources, kind), resource) === undefined).map(
        ([kind, resource]) =>
          violation(w, `${c.path}.resources.${kind}.${resource}`, `container '${c.name}' sets no ${resource} ${kind === 'limits' ? 'limit' : 'request'}`),
      );
    });
}
