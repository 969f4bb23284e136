import * as baseline from './pssBaseline';
import * as host from './pssBaselineHost';
import { pod, workloadOf } from './__testUtils__/manifests';

const fields = (violations: Array<{ field?: string }>) => violations.map(v => v.field);

describe('Pod Security Standards: baseline', () => {
  it('host-namespaces: flags each host namespace set to true, not false or unset', () => {
    const w = workloadOf(pod('  hostNetwork: true\n  hostPID: false\n  hostIPC: true\n  containers: [{name: a}]\n'));
    const found = host.hostNamespaces(w);
    expect(fields(found)).toEqual(['spec.hostNetwork', 'spec.hostIPC']);
    expect(found[0]).toEqual({ resource: 'Pod/ns/p', field: 'spec.hostNetwork', message: expect.stringContaining('hostNetwork is true') });
  });

  it('host-namespaces: a string "true" is not a boolean, and the API server would refuse it', () => {
    expect(host.hostNamespaces(workloadOf(pod('  hostPID: "true"\n  containers: []\n')))).toEqual([]);
  });

  it('privileged: flags privileged init, regular and ephemeral containers', () => {
    const w = workloadOf(
      pod(`  initContainers: [{name: i, securityContext: {privileged: true}}]
  containers: [{name: a, securityContext: {privileged: false}}, {name: b}]
  ephemeralContainers: [{name: e, securityContext: {privileged: true}}]
`),
    );
    expect(fields(baseline.privilegedContainers(w))).toEqual([
      'spec.initContainers[0].securityContext.privileged',
      'spec.ephemeralContainers[0].securityContext.privileged',
    ]);
  });

  it('capabilities: allows the default set, flags anything beyond it', () => {
    const w = workloadOf(pod('  containers: [{name: a, securityContext: {capabilities: {add: [CHOWN, NET_RAW, SYS_ADMIN, NET_BIND_SERVICE]}}}]\n'));
    const found = baseline.baselineCapabilities(w);
    expect(fields(found)).toEqual([
      'spec.containers[0].securityContext.capabilities.add[1]',
      'spec.containers[0].securityContext.capabilities.add[2]',
    ]);
    expect(found[1].message).toContain('adds SYS_ADMIN');
  });

  it('host-path and host-ports: name the volume and the port', () => {
    const w = workloadOf(
      pod(`  containers: [{name: a, ports: [{containerPort: 80}, {containerPort: 443, hostPort: 443}, {containerPort: 81, hostPort: 0}]}]
  volumes: [{name: data, emptyDir: {}}, {name: logs, hostPath: {path: /var/log}}]
`),
    );
    expect(host.hostPathVolumes(w)).toEqual([
      { resource: 'Pod/ns/p', field: 'spec.volumes[1].hostPath', message: expect.stringContaining('/var/log') },
    ]);
    expect(fields(host.hostPorts(w))).toEqual(['spec.containers[0].ports[1].hostPort']);
  });

  it('apparmor: flags Unconfined profiles and unconfined annotations, allows RuntimeDefault, Localhost and localhost/*', () => {
    const w = workloadOf(
      pod(
        `  securityContext: {appArmorProfile: {type: RuntimeDefault}}
  containers:
    - {name: a, securityContext: {appArmorProfile: {type: Unconfined}}}
    - {name: b, securityContext: {appArmorProfile: {type: Localhost, localhostProfile: k8s-b}}}
`,
        `  annotations:
    container.apparmor.security.beta.kubernetes.io/a: unconfined
    container.apparmor.security.beta.kubernetes.io/b: localhost/k8s-b
`,
      ),
    );
    expect(fields(baseline.appArmor(w))).toEqual([
      'spec.containers[0].securityContext.appArmorProfile.type',
      'metadata.annotations["container.apparmor.security.beta.kubernetes.io/a"]',
    ]);
  });

  it('selinux: allows the container types, flags other types, users and roles', () => {
    const w = workloadOf(
      pod(`  securityContext: {seLinuxOptions: {level: "s0:c123,c456", type: container_t}}
  containers:
    - {name: a, securityContext: {seLinuxOptions: {type: spc_t, user: system_u, role: sysadm_r}}}
    - {name: b, securityContext: {seLinuxOptions: {type: container_engine_t}}}
`),
    );
    expect(fields(baseline.seLinux(w))).toEqual([
      'spec.containers[0].securityContext.seLinuxOptions.type',
      'spec.containers[0].securityContext.seLinuxOptions.user',
      'spec.containers[0].securityContext.seLinuxOptions.role',
    ]);
  });

  it('proc-mount: flags Unmasked, except in a user namespace (hostUsers: false)', () => {
    const spec = '  containers: [{name: a, securityContext: {procMount: Unmasked}}, {name: b, securityContext: {procMount: Default}}]\n';
    expect(fields(baseline.baselineProcMount(workloadOf(pod(spec))))).toEqual(['spec.containers[0].securityContext.procMount']);
    expect(baseline.baselineProcMount(workloadOf(pod(`  hostUsers: false\n${spec}`)))).toEqual([]);
  });

  it('seccomp: flags Unconfined wherever it is set, allows an unset profile', () => {
    const w = workloadOf(
      pod(`  securityContext: {seccompProfile: {type: Unconfined}}
  containers: [{name: a}, {name: b, securityContext: {seccompProfile: {type: Localhost, localhostProfile: p.json}}}]
`),
    );
    expect(fields(baseline.baselineSeccomp(w))).toEqual(['spec.securityContext.seccompProfile.type']);
  });

  it('sysctls: allows the safe set (v1.37), flags the others', () => {
    const w = workloadOf(
      pod(`  securityContext:
    sysctls:
      - {name: net.ipv4.tcp_notsent_lowat, value: "16384"}
      - {name: net.core.somaxconn, value: "1024"}
  containers: [{name: a}]
`),
    );
    expect(fields(host.sysctls(w))).toEqual(['spec.securityContext.sysctls[1].name']);
  });

  it('windows-host-process: flags hostProcess on the pod and on containers', () => {
    const w = workloadOf(
      pod(`  securityContext: {windowsOptions: {hostProcess: true}}
  containers: [{name: a, securityContext: {windowsOptions: {hostProcess: true}}}, {name: b}]
`),
    );
    expect(fields(host.windowsHostProcess(w))).toEqual([
      'spec.securityContext.windowsOptions.hostProcess',
      'spec.containers[0].securityContext.windowsOptions.hostProcess',
    ]);
  });

  it('host-probes: flags probes and hooks that name a host', () => {
    const w = workloadOf(
      pod(`  containers:
    - name: a
      livenessProbe: {httpGet: {path: /healthz, port: 8080}}
      readinessProbe: {tcpSocket: {host: 169.254.169.254, port: 80}}
      lifecycle: {preStop: {httpGet: {host: internal.example.com, path: /drain, port: 80}}}
`),
    );
    expect(fields(host.hostProbes(w))).toEqual([
      'spec.containers[0].readinessProbe.tcpSocket.host',
      'spec.containers[0].lifecycle.preStop.httpGet.host',
    ]);
  });
});
