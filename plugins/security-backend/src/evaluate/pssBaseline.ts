import { arr, field, obj, str } from '@devsecops/plugin-security-node';
import { Violation, Workload } from './types';
import {
  annotationPath,
  containerContext,
  isTrue,
  securityContexts,
  shown,
  usesUserNamespace,
  violation,
} from './podFields';

/**
 * The Pod Security Standards' baseline profile, one function per control, as the current
 * standard (Kubernetes v1.37) defines it: kubernetes.io/docs/concepts/security/pod-security-standards.
 * Here: how containers are confined. Host access is in pssBaselineHost.ts.
 */

const DEFAULT_CAPABILITIES = new Set([
  'AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD',
  'NET_BIND_SERVICE', 'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT',
]);

const SELINUX_TYPES = new Set(['', 'container_t', 'container_init_t', 'container_kvm_t', 'container_engine_t']);
const CONFINING_PROFILE_TYPES = new Set(['RuntimeDefault', 'Localhost']);
const APPARMOR_ANNOTATION = 'container.apparmor.security.beta.kubernetes.io/';

export function privilegedContainers(w: Workload): Violation[] {
  return w.containers
    .filter(c => isTrue(containerContext(c), 'privileged'))
    .map(c =>
      violation(w, `${c.path}.securityContext.privileged`, `container '${c.name}' is privileged; privileged must be unset or false`),
    );
}

/** Each `capabilities.add` entry of each container, with its path. */
export function addedCapabilities(w: Workload) {
  return w.containers.flatMap(c =>
    arr(obj(containerContext(c), 'capabilities'), 'add').map((value, i) => ({
      container: c,
      capability: shown(value),
      path: `${c.path}.securityContext.capabilities.add[${i}]`,
    })),
  );
}

export function baselineCapabilities(w: Workload): Violation[] {
  return addedCapabilities(w)
    .filter(added => !DEFAULT_CAPABILITIES.has(added.capability))
    .map(added =>
      violation(
        w,
        added.path,
        `container '${added.container.name}' adds ${added.capability}; only the container runtime's default capabilities may be added`,
      ),
    );
}

export function appArmor(w: Workload): Violation[] {
  const fromFields = securityContexts(w).flatMap(({ context, path, who }) => {
    const profile = field(context, 'appArmorProfile');
    const type = field(profile, 'type');
    return profile !== undefined && profile !== null && !CONFINING_PROFILE_TYPES.has(type as string)
      ? [violation(w, `${path}.appArmorProfile.type`, `${who} sets AppArmor profile type ${shown(type)}; only RuntimeDefault or Localhost are allowed`)]
      : [];
  });
  const annotations = obj(w.metadata, 'annotations') ?? {};
  const fromAnnotations = Object.keys(annotations)
    .filter(key => key.startsWith(APPARMOR_ANNOTATION))
    .filter(key => {
      const value = field(annotations, key);
      return !(value === '' || value === 'runtime/default' || (typeof value === 'string' && value.startsWith('localhost/')));
    })
    .map(key =>
      violation(w, annotationPath(w, key), `AppArmor annotation is ${shown(field(annotations, key))}; only runtime/default or localhost/* are allowed`),
    );
  return [...fromFields, ...fromAnnotations];
}

export function seLinux(w: Workload): Violation[] {
  return securityContexts(w).flatMap(({ context, path, who }) => {
    const options = obj(context, 'seLinuxOptions');
    if (!options) return [];
    const found: Violation[] = [];
    const type = field(options, 'type') ?? '';
    if (!SELINUX_TYPES.has(type as string)) {
      found.push(violation(w, `${path}.seLinuxOptions.type`, `${who} sets SELinux type ${shown(type)}; only container_t, container_init_t, container_kvm_t or container_engine_t are allowed`));
    }
    for (const key of ['user', 'role']) {
      if (str(options, key) !== undefined) {
        found.push(violation(w, `${path}.seLinuxOptions.${key}`, `${who} sets a custom SELinux ${key} (${str(options, key)}); it must be unset`));
      }
    }
    return found;
  });
}

/** The containers that unmask /proc, for the baseline and the restricted check. */
export function unmaskedProcMounts(w: Workload): Violation[] {
  return w.containers.flatMap(c => {
    const procMount = field(containerContext(c), 'procMount');
    return procMount !== undefined && procMount !== null && procMount !== 'Default'
      ? [violation(w, `${c.path}.securityContext.procMount`, `container '${c.name}' sets procMount ${shown(procMount)}; it must be unset or Default`)]
      : [];
  });
}

export function baselineProcMount(w: Workload): Violation[] {
  // since v1.35 a pod in its own user namespace may unmask /proc: it is not the host's
  return usesUserNamespace(w) ? [] : unmaskedProcMounts(w);
}

export function baselineSeccomp(w: Workload): Violation[] {
  return securityContexts(w).flatMap(({ context, path, who }) => {
    const profile = field(context, 'seccompProfile');
    const type = field(profile, 'type');
    return profile !== undefined && profile !== null && !CONFINING_PROFILE_TYPES.has(type as string)
      ? [violation(w, `${path}.seccompProfile.type`, `${who} sets seccomp profile ${shown(type)}; only RuntimeDefault or Localhost are allowed`)]
      : [];
  });
}
