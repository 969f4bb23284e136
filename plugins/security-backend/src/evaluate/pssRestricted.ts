import { arr, field, isObject, num, obj } from '@devsecops/plugin-security-node';
import { Violation, Workload } from './types';
import {
  containerContext,
  isWindowsPod,
  podContext,
  securityContexts,
  shown,
  usesUserNamespace,
  violation,
} from './podFields';
import { addedCapabilities, unmaskedProcMounts } from './pssBaseline';

/**
 * The Pod Security Standards' restricted profile (current standard, Kubernetes v1.37), one
 * function per control. Windows pods (`spec.os.name: windows`) are exempt from the Linux-only
 * controls, as the standard says.
 */

/** Inline volume sources the restricted profile allows; anything else is node- or vendor-specific. */
export const RESTRICTED_VOLUME_SOURCES = new Set([
  'configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'image', 'persistentVolumeClaim', 'projected', 'secret',
]);
const CONFINING_SECCOMP = new Set(['RuntimeDefault', 'Localhost']);

/** The source keys a volume sets (everything but its name). */
export function volumeSources(volume: unknown): string[] {
  if (!isObject(volume)) return [];
  return Object.keys(volume).filter(key => key !== 'name' && volume[key] !== undefined && volume[key] !== null);
}

export function volumeTypes(w: Workload): Violation[] {
  return arr(w.spec, 'volumes').flatMap((volume, i) => {
    const sources = volumeSources(volume);
    if (sources.some(source => RESTRICTED_VOLUME_SOURCES.has(source))) return [];
    const source = sources[0];
    const path = `${w.specPath}.volumes[${i}]`;
    return [
      violation(
        w,
        source ? `${path}.${source}` : path,
        `volume '${shown(field(volume, 'name'))}' is of type ${source ?? '(none)'}; only configMap, csi, downwardAPI, emptyDir, ephemeral, image, persistentVolumeClaim, projected and secret are allowed`,
      ),
    ];
  });
}

export function privilegeEscalation(w: Workload): Violation[] {
  if (isWindowsPod(w)) return [];
  return w.containers.flatMap(c => {
    const value = field(containerContext(c), 'allowPrivilegeEscalation');
    if (value === false) return [];
    const found = value === undefined || value === null ? 'is not set (it defaults to true)' : `is ${shown(value)}`;
    return [violation(w, `${c.path}.securityContext.allowPrivilegeEscalation`, `container '${c.name}': allowPrivilegeEscalation ${found}; it must be false`)];
  });
}

export function runAsNonRoot(w: Workload): Violation[] {
  // in its own user namespace, root in the pod is not root on the node
  if (usesUserNamespace(w)) return [];
  const podValue = field(podContext(w), 'runAsNonRoot');
  const found: Violation[] = [];
  if (podValue === false) {
    found.push(violation(w, `${w.specPath}.securityContext.runAsNonRoot`, 'the pod sets runAsNonRoot to false; it must be true'));
  }
  for (const c of w.containers) {
    const value = field(containerContext(c), 'runAsNonRoot');
    const path = `${c.path}.securityContext.runAsNonRoot`;
    if (value === false) {
      found.push(violation(w, path, `container '${c.name}' sets runAsNonRoot to false; it must be true`));
    } else if (value !== true && podValue !== true) {
      found.push(violation(w, path, `container '${c.name}' does not set runAsNonRoot, nor does the pod; one of them must set it to true`));
    }
  }
  return found;
}

export function runAsUser(w: Workload): Violation[] {
  if (usesUserNamespace(w)) return [];
  return securityContexts(w)
    .filter(({ context }) => num(context, 'runAsUser') === 0)
    .map(({ path, who }) => violation(w, `${path}.runAsUser`, `${who} sets runAsUser to 0 (root); it must be unset or non-zero`));
}

export function restrictedSeccomp(w: Workload): Violation[] {
  if (isWindowsPod(w)) return [];
  const podProfile = obj(podContext(w), 'seccompProfile');
  const podType = field(podProfile, 'type');
  const found: Violation[] = [];
  if (podProfile && !CONFINING_SECCOMP.has(podType as string)) {
    found.push(violation(w, `${w.specPath}.securityContext.seccompProfile.type`, `the pod sets seccomp profile ${shown(podType)}; it must be RuntimeDefault or Localhost`));
  }
  const podConfines = podProfile !== undefined && CONFINING_SECCOMP.has(podType as string);
  for (const c of w.containers) {
    const profile = obj(containerContext(c), 'seccompProfile');
    const type = field(profile, 'type');
    const path = `${c.path}.securityContext.seccompProfile.type`;
    if (profile && !CONFINING_SECCOMP.has(type as string)) {
      found.push(violation(w, path, `container '${c.name}' sets seccomp profile ${shown(type)}; it must be RuntimeDefault or Localhost`));
    } else if (!profile && !podConfines) {
      found.push(violation(w, path, `neither container '${c.name}' nor the pod sets a seccomp profile; one must set RuntimeDefault or Localhost`));
    }
  }
  return found;
}

export function restrictedCapabilities(w: Workload): Violation[] {
  if (isWindowsPod(w)) return [];
  const missingDrop = w.containers
    .filter(c => !arr(obj(containerContext(c), 'capabilities'), 'drop').includes('ALL'))
    .map(c => violation(w, `${c.path}.securityContext.capabilities.drop`, `container '${c.name}' does not drop ALL capabilities; drop must include ALL`));
  const added = addedCapabilities(w)
    .filter(a => a.capability !== 'NET_BIND_SERVICE')
    .map(a => violation(w, a.path, `container '${a.container.name}' adds ${a.capability}; only NET_BIND_SERVICE may be added back`));
  return [...missingDrop, ...added];
}

/** Since v1.35 the restricted profile keeps /proc masked even in a user namespace. */
export function restrictedProcMount(w: Workload): Violation[] {
  return unmaskedProcMounts(w);
}
