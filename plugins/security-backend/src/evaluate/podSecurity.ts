import { Severity } from '@devsecops/plugin-security-common';
import { Benchmark, ControlDefinition, Violation, Workload } from './types';
import { ManifestSet } from './manifestSet';
import * as baseline from './pssBaseline';
import * as host from './pssBaselineHost';
import * as restricted from './pssRestricted';
import * as hardening from './hardening';
import { requiresPrivileged, restrictedV2 } from './sccChecks';

/** A control checked on each pod spec; a workload complies when it yields no violation. */
export interface PodControl extends ControlDefinition {
  check(workload: Workload, set: ManifestSet): Violation[];
}

function family(prefix: string, benchmark: Benchmark, severity: Severity) {
  return (id: string, title: string, remediation: string, check: PodControl['check']): PodControl => ({
    id: `${prefix}/${id}`,
    benchmark,
    severity,
    title,
    remediation,
    check,
  });
}

const pssBaseline = family('pss-baseline', 'pss-baseline', 'high');
const pssRestricted = family('pss-restricted', 'pss-restricted', 'medium');
const scc = family('scc', 'openshift-scc', 'medium');
const ownRules = family('hardening', 'hardening', 'low');

/** The ids are stable: compliance frameworks are mapped onto them elsewhere. */
export const POD_CONTROLS: readonly PodControl[] = [
  pssBaseline('host-namespaces', "Pods do not share the host's network, PID or IPC namespaces",
    'Remove hostNetwork, hostPID and hostIPC from the pod spec (or set them to false).', host.hostNamespaces),
  pssBaseline('privileged', 'Containers do not run privileged',
    'Remove securityContext.privileged from every container (or set it to false).', baseline.privilegedContainers),
  pssBaseline('capabilities', 'Containers add no capabilities beyond the default set',
    'Limit securityContext.capabilities.add to AUDIT_WRITE, CHOWN, DAC_OVERRIDE, FOWNER, FSETID, KILL, MKNOD, NET_BIND_SERVICE, SETFCAP, SETGID, SETPCAP, SETUID and SYS_CHROOT.',
    baseline.baselineCapabilities),
  pssBaseline('host-path', 'Pods mount no hostPath volumes',
    'Replace hostPath volumes with emptyDir, configMap, secret or a PersistentVolumeClaim.', host.hostPathVolumes),
  pssBaseline('host-ports', 'Containers bind no host ports',
    'Remove hostPort from container ports and expose the pod through a Service instead.', host.hostPorts),
  pssBaseline('apparmor', 'Pods keep a confining AppArmor profile',
    'Set appArmorProfile.type to RuntimeDefault or Localhost (or leave it unset); remove unconfined AppArmor annotations.', baseline.appArmor),
  pssBaseline('selinux', 'Pods set no custom SELinux type, user or role',
    'Remove seLinuxOptions.user and .role; leave seLinuxOptions.type unset or use container_t, container_init_t, container_kvm_t or container_engine_t.',
    baseline.seLinux),
  pssBaseline('proc-mount', 'Containers keep the default /proc masks',
    'Remove securityContext.procMount (or set it to Default), unless the pod runs with hostUsers: false.', baseline.baselineProcMount),
  pssBaseline('seccomp', 'Pods do not turn seccomp off',
    'Set seccompProfile.type to RuntimeDefault or Localhost instead of Unconfined.', baseline.baselineSeccomp),
  pssBaseline('sysctls', 'Pods set only namespaced, safe sysctls',
    'Remove sysctls outside the safe set from spec.securityContext.sysctls; set node-level tuning on the node.', host.sysctls),
  pssBaseline('windows-host-process', 'Windows pods run no HostProcess containers',
    'Remove windowsOptions.hostProcess (or set it to false) on the pod and every container.', host.windowsHostProcess),
  pssBaseline('host-probes', 'Probes and lifecycle hooks target only the pod itself',
    'Remove host from httpGet and tcpSocket probes and lifecycle hooks.', host.hostProbes),
  pssRestricted('volume-types', 'Pods use only core volume types',
    'Use only configMap, csi, downwardAPI, emptyDir, ephemeral, image, persistentVolumeClaim, projected and secret volumes; reach other storage through a PersistentVolumeClaim.',
    restricted.volumeTypes),
  pssRestricted('privilege-escalation', 'Containers forbid privilege escalation',
    'Set securityContext.allowPrivilegeEscalation: false on every container.', restricted.privilegeEscalation),
  pssRestricted('run-as-non-root', 'Containers must run as a non-root user',
    'Set securityContext.runAsNonRoot: true on the pod (or on every container) and use an image with a non-root user.', restricted.runAsNonRoot),
  pssRestricted('run-as-user', 'Containers do not run as UID 0',
    'Remove runAsUser: 0, or set a non-zero UID.', restricted.runAsUser),
  pssRestricted('seccomp', 'Pods run under the RuntimeDefault or a Localhost seccomp profile',
    'Set spec.securityContext.seccompProfile.type: RuntimeDefault on the pod (or on every container).', restricted.restrictedSeccomp),
  pssRestricted('capabilities', 'Containers drop all capabilities and add back at most NET_BIND_SERVICE',
    'Set securityContext.capabilities.drop: ["ALL"] on every container and add back only NET_BIND_SERVICE.', restricted.restrictedCapabilities),
  pssRestricted('proc-mount', 'Containers keep the default /proc masks, even in a user namespace',
    'Remove securityContext.procMount (or set it to Default).', restricted.restrictedProcMount),
  scc('restricted-v2', "Pods are admitted by OpenShift's restricted-v2 SCC",
    'Drop host access, privileged mode, added capabilities other than NET_BIND_SERVICE and non-core volumes; leave runAsUser, fsGroup and seLinuxOptions for OpenShift to assign; use the RuntimeDefault seccomp profile.',
    restrictedV2),
  scc('requires-privileged', "Pods do not need OpenShift's privileged SCC",
    'Change the fields listed so that a less privileged default SCC (restricted-v2, nonroot-v2, hostnetwork-v2, hostaccess...) admits the pod, and grant only that one.',
    requiresPrivileged),
  ownRules('read-only-root-filesystem', 'Containers run with a read-only root filesystem',
    'Set securityContext.readOnlyRootFilesystem: true and mount an emptyDir where the container must write.', hardening.readOnlyRootFilesystem),
  ownRules('service-account-token', 'Pods do not mount a service account token',
    'Set spec.automountServiceAccountToken: false on pods that do not call the Kubernetes API.', hardening.serviceAccountToken),
  ownRules('resource-limits', 'Containers set CPU and memory requests and limits',
    'Set resources.requests and resources.limits for cpu and memory on every container and init container.', hardening.resourceLimits),
];
