import { arr, field, num, obj, str } from '@devsecops/plugin-security-node';
import { Violation, Workload } from './types';
import { isSet, isTrue, podContext, securityContexts, shown, violation } from './podFields';

/** The baseline controls on what a pod may reach of its node: namespaces, paths, ports, sysctls, probes. */

/** Sysctls namespaced to the pod and isolated from other pods: the kubelet's safe set. */
export const SAFE_SYSCTLS = new Set([
  'kernel.shm_rmid_forced',
  'net.ipv4.ip_local_port_range',
  'net.ipv4.ip_unprivileged_port_start',
  'net.ipv4.tcp_syncookies',
  'net.ipv4.ping_group_range',
  'net.ipv4.ip_local_reserved_ports',
  'net.ipv4.tcp_keepalive_time',
  'net.ipv4.tcp_fin_timeout',
  'net.ipv4.tcp_keepalive_intvl',
  'net.ipv4.tcp_keepalive_probes',
  'net.ipv4.tcp_rmem',
  'net.ipv4.tcp_wmem',
  'net.ipv4.tcp_slow_start_after_idle',
  'net.ipv4.tcp_notsent_lowat',
]);

const HOST_NAMESPACES = ['hostNetwork', 'hostPID', 'hostIPC'];
const PROBES = ['livenessProbe', 'readinessProbe', 'startupProbe'];
const HOOKS = ['postStart', 'preStop'];

export function hostNamespaces(w: Workload): Violation[] {
  return HOST_NAMESPACES.filter(key => isTrue(w.spec, key)).map(key =>
    violation(w, `${w.specPath}.${key}`, `${key} is true; sharing the host's namespaces is not allowed (unset or false)`),
  );
}

export function hostPathVolumes(w: Workload): Violation[] {
  return arr(w.spec, 'volumes').flatMap((volume, i) =>
    isSet(volume, 'hostPath')
      ? [
          violation(
            w,
            `${w.specPath}.volumes[${i}].hostPath`,
            `volume '${str(volume, 'name') ?? i}' mounts host path ${str(obj(volume, 'hostPath'), 'path') ?? '(no path)'}; hostPath volumes are not allowed`,
          ),
        ]
      : [],
  );
}

export function hostPorts(w: Workload): Violation[] {
  return w.containers.flatMap(c =>
    arr(c.container, 'ports').flatMap((port, i) => {
      const hostPort = num(port, 'hostPort');
      return hostPort !== undefined && hostPort !== 0
        ? [violation(w, `${c.path}.ports[${i}].hostPort`, `container '${c.name}' binds host port ${hostPort}; hostPort must be unset or 0`)]
        : [];
    }),
  );
}

export function sysctls(w: Workload): Violation[] {
  return arr(podContext(w), 'sysctls').flatMap((sysctl, i) => {
    const name = shown(field(sysctl, 'name'));
    return SAFE_SYSCTLS.has(name)
      ? []
      : [violation(w, `${w.specPath}.securityContext.sysctls[${i}].name`, `sysctl ${name} is not in the safe set; it can affect the node or other pods`)];
  });
}

export function windowsHostProcess(w: Workload): Violation[] {
  return securityContexts(w)
    .filter(({ context }) => isTrue(obj(context, 'windowsOptions'), 'hostProcess'))
    .map(({ path, who }) =>
      violation(w, `${path}.windowsOptions.hostProcess`, `${who} runs as a Windows HostProcess; hostProcess must be unset or false`),
    );
}

/** Probes and hooks may only target the pod itself: a `host` reaches elsewhere from the node. */
export function hostProbes(w: Workload): Violation[] {
  return w.containers.flatMap(c => {
    const handlers = [
      ...PROBES.map(probe => ({ handler: obj(c.container, probe), path: `${c.path}.${probe}` })),
      ...HOOKS.map(hook => ({ handler: obj(obj(c.container, 'lifecycle'), hook), path: `${c.path}.lifecycle.${hook}` })),
    ];
    return handlers.flatMap(({ handler, path }) =>
      ['httpGet', 'tcpSocket'].flatMap(action => {
        const host = str(obj(handler, action), 'host', 253);
        return host
          ? [violation(w, `${path}.${action}.host`, `container '${c.name}' probes or hooks host ${host}; host must be unset or empty`)]
          : [];
      }),
    );
  });
}
