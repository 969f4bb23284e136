/**
 * OpenShift's default SecurityContextConstraints, reduced to what decides admission of a pod.
 * Values follow the SCCs OpenShift 4 installs (docs: "Managing security context constraints",
 * and the definitions shipped by openshift/cluster-kube-apiserver-operator). `node-exporter`
 * and `machine-api-termination-handler` are left out: they exist for one platform component each.
 */

export interface IdRange {
  min: number;
  max: number;
}

/** `range` is fixed by the SCC; without one the namespace's allocation applies. */
export type IdRule = { type: 'MustRunAs' | 'MustRunAsRange'; range?: IdRange } | { type: 'MustRunAsNonRoot' | 'RunAsAny' };

export interface SccProfile {
  name: string;
  allowPrivilegedContainer: boolean;
  allowPrivilegeEscalation: boolean;
  allowHostNetwork: boolean;
  allowHostPID: boolean;
  allowHostIPC: boolean;
  allowHostPorts: boolean;
  /** Capabilities a container may add; `*` for any. */
  allowedCapabilities: readonly string[];
  /** Volume sources allowed; `*` for any. hostPath also needs allowHostDirVolumePlugin, which agrees in every default SCC. */
  volumes: readonly string[];
  runAsUser: IdRule;
  fsGroup: IdRule;
  supplementalGroups: IdRule;
  /** MustRunAs labels pods with the namespace's MCS level, and `type` when the SCC names one. */
  seLinux: { type: 'MustRunAs'; seLinuxType?: string } | { type: 'RunAsAny' };
  /** Profiles that may be set: none means setting any is refused; `*` allows all. */
  seccompProfiles: readonly string[];
  allowUnsafeSysctls: boolean;
  /** `userNamespaceLevel: RequirePodLevel`: the pod must set `hostUsers: false`. */
  requiresUserNamespace: boolean;
}

const CORE_VOLUMES = [
  'configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'image', 'persistentVolumeClaim', 'projected', 'secret',
];

/** The legacy `restricted` SCC; the others below are described by how they differ from it. */
const RESTRICTED: SccProfile = {
  name: 'restricted',
  allowPrivilegedContainer: false,
  allowPrivilegeEscalation: true,
  allowHostNetwork: false,
  allowHostPID: false,
  allowHostIPC: false,
  allowHostPorts: false,
  allowedCapabilities: [],
  volumes: CORE_VOLUMES,
  runAsUser: { type: 'MustRunAsRange' },
  fsGroup: { type: 'MustRunAs' },
  supplementalGroups: { type: 'RunAsAny' },
  seLinux: { type: 'MustRunAs' },
  seccompProfiles: [],
  allowUnsafeSysctls: false,
  requiresUserNamespace: false,
};

/** What the `-v2` SCCs add: drop ALL but NET_BIND_SERVICE, no escalation, runtime/default seccomp. */
const V2 = {
  allowPrivilegeEscalation: false,
  allowedCapabilities: ['NET_BIND_SERVICE'],
  seccompProfiles: ['runtime/default'],
};

const HOST_NETWORK = { allowHostNetwork: true, allowHostPorts: true, supplementalGroups: { type: 'MustRunAs' } as IdRule };
const ANY_UID = { runAsUser: { type: 'RunAsAny' } as IdRule, fsGroup: { type: 'RunAsAny' } as IdRule };
const NON_ROOT = { runAsUser: { type: 'MustRunAsNonRoot' } as IdRule, fsGroup: { type: 'RunAsAny' } as IdRule };

export const RESTRICTED_V2: SccProfile = { ...RESTRICTED, ...V2, name: 'restricted-v2' };

export const PRIVILEGED: SccProfile = {
  name: 'privileged',
  allowPrivilegedContainer: true,
  allowPrivilegeEscalation: true,
  allowHostNetwork: true,
  allowHostPID: true,
  allowHostIPC: true,
  allowHostPorts: true,
  allowedCapabilities: ['*'],
  volumes: ['*'],
  runAsUser: { type: 'RunAsAny' },
  fsGroup: { type: 'RunAsAny' },
  supplementalGroups: { type: 'RunAsAny' },
  seLinux: { type: 'RunAsAny' },
  seccompProfiles: ['*'],
  allowUnsafeSysctls: true,
  requiresUserNamespace: false,
};

/** Every default SCC but privileged, most restrictive first (ties in closeness go to the first). */
export const NON_PRIVILEGED_SCCS: readonly SccProfile[] = [
  RESTRICTED_V2,
  {
    ...RESTRICTED_V2,
    name: 'restricted-v3',
    runAsUser: { type: 'MustRunAsRange', range: { min: 1000, max: 65534 } },
    fsGroup: { type: 'MustRunAs', range: { min: 1000, max: 65534 } },
    supplementalGroups: { type: 'MustRunAs', range: { min: 1000, max: 65534 } },
    requiresUserNamespace: true,
  },
  RESTRICTED,
  { ...RESTRICTED, ...V2, ...NON_ROOT, name: 'nonroot-v2' },
  { ...RESTRICTED, ...NON_ROOT, name: 'nonroot' },
  { ...RESTRICTED, ...V2, ...HOST_NETWORK, name: 'hostnetwork-v2' },
  { ...RESTRICTED, ...HOST_NETWORK, name: 'hostnetwork' },
  { ...RESTRICTED, ...ANY_UID, name: 'anyuid' },
  {
    ...RESTRICTED,
    ...HOST_NETWORK,
    name: 'hostaccess',
    allowHostPID: true,
    allowHostIPC: true,
    supplementalGroups: { type: 'RunAsAny' },
    volumes: [...CORE_VOLUMES, 'hostPath'],
  },
  { ...RESTRICTED, ...ANY_UID, name: 'hostmount-anyuid', volumes: [...CORE_VOLUMES, 'hostPath', 'nfs'] },
  {
    ...RESTRICTED,
    ...ANY_UID,
    name: 'hostmount-anyuid-v2',
    volumes: [...CORE_VOLUMES, 'hostPath', 'nfs'],
    seLinux: { type: 'RunAsAny' },
  },
  {
    ...RESTRICTED,
    name: 'nested-container',
    allowedCapabilities: ['SETUID', 'SETGID'],
    runAsUser: { type: 'MustRunAsRange', range: { min: 0, max: 65534 } },
    fsGroup: { type: 'MustRunAs', range: { min: 0, max: 65534 } },
    supplementalGroups: { type: 'MustRunAs', range: { min: 0, max: 65534 } },
    seLinux: { type: 'MustRunAs', seLinuxType: 'container_engine_t' },
    seccompProfiles: ['*'],
    requiresUserNamespace: true,
  },
];
