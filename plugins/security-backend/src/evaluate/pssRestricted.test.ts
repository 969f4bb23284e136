import * as restricted from './pssRestricted';
import { pod, workloadOf } from './__testUtils__/manifests';

const fields = (violations: Array<{ field?: string }>) => violations.map(v => v.field);

describe('Pod Security Standards: restricted', () => {
  it('volume-types: allows core sources, names the offending source', () => {
    const w = workloadOf(
      pod(`  containers: [{name: a}]
  volumes:
    - {name: c, configMap: {name: c}}
    - {name: i, image: {reference: "quay.io/x/data:1"}}
    - {name: n, nfs: {server: nfs, path: /x}}
    - {name: g, gitRepo: {repository: "https://example.com/r.git"}}
    - {name: bare}
`),
    );
    const found = restricted.volumeTypes(w);
    expect(fields(found)).toEqual(['spec.volumes[2].nfs', 'spec.volumes[3].gitRepo', 'spec.volumes[4]']);
    expect(found[0].message).toContain("volume 'n' is of type nfs");
  });

  it('privilege-escalation: requires an explicit false, says whether it was unset or true', () => {
    const w = workloadOf(
      pod(`  containers:
    - {name: a, securityContext: {allowPrivilegeEscalation: false}}
    - {name: b}
    - {name: c, securityContext: {allowPrivilegeEscalation: true}}
`),
    );
    const found = restricted.privilegeEscalation(w);
    expect(fields(found)).toEqual([
      'spec.containers[1].securityContext.allowPrivilegeEscalation',
      'spec.containers[2].securityContext.allowPrivilegeEscalation',
    ]);
    expect(found[0].message).toContain('not set');
    expect(found[1].message).toContain('is true');
  });

  it('run-as-non-root: a pod-level true covers containers, an explicit false anywhere does not', () => {
    expect(restricted.runAsNonRoot(workloadOf(pod('  securityContext: {runAsNonRoot: true}\n  containers: [{name: a}]\n')))).toEqual([]);
    const w = workloadOf(
      pod('  securityContext: {runAsNonRoot: true}\n  containers: [{name: a, securityContext: {runAsNonRoot: false}}, {name: b}]\n'),
    );
    expect(fields(restricted.runAsNonRoot(w))).toEqual(['spec.containers[0].securityContext.runAsNonRoot']);
    const unset = workloadOf(pod('  containers: [{name: a}, {name: b, securityContext: {runAsNonRoot: true}}]\n'));
    expect(fields(restricted.runAsNonRoot(unset))).toEqual(['spec.containers[0].securityContext.runAsNonRoot']);
  });

  it('run-as-user: flags UID 0 only, and not in a user namespace', () => {
    const spec = '  securityContext: {runAsUser: 0}\n  containers: [{name: a, securityContext: {runAsUser: 1000}}, {name: b, securityContext: {runAsUser: 0}}]\n';
    expect(fields(restricted.runAsUser(workloadOf(pod(spec))))).toEqual([
      'spec.securityContext.runAsUser',
      'spec.containers[1].securityContext.runAsUser',
    ]);
    expect(restricted.runAsUser(workloadOf(pod(`  hostUsers: false\n${spec}`)))).toEqual([]);
  });

  it('seccomp: the pod profile covers containers; unset and Unconfined ones are flagged', () => {
    expect(
      restricted.restrictedSeccomp(workloadOf(pod('  securityContext: {seccompProfile: {type: RuntimeDefault}}\n  containers: [{name: a}]\n'))),
    ).toEqual([]);
    const w = workloadOf(
      pod(`  containers:
    - {name: a, securityContext: {seccompProfile: {type: Localhost, localhostProfile: a.json}}}
    - {name: b}
    - {name: c, securityContext: {seccompProfile: {type: Unconfined}}}
`),
    );
    expect(fields(restricted.restrictedSeccomp(w))).toEqual([
      'spec.containers[1].securityContext.seccompProfile.type',
      'spec.containers[2].securityContext.seccompProfile.type',
    ]);
  });

  it('capabilities: requires drop ALL and allows adding back only NET_BIND_SERVICE', () => {
    const w = workloadOf(
      pod(`  containers:
    - {name: a, securityContext: {capabilities: {drop: [ALL], add: [NET_BIND_SERVICE]}}}
    - {name: b, securityContext: {capabilities: {drop: [NET_RAW], add: [CHOWN]}}}
    - {name: c}
`),
    );
    expect(fields(restricted.restrictedCapabilities(w))).toEqual([
      'spec.containers[1].securityContext.capabilities.drop',
      'spec.containers[2].securityContext.capabilities.drop',
      'spec.containers[1].securityContext.capabilities.add[0]',
    ]);
  });

  it('exempts Windows pods from the Linux-only controls', () => {
    const w = workloadOf(pod('  os: {name: windows}\n  containers: [{name: a}]\n'));
    expect([restricted.privilegeEscalation(w), restricted.restrictedSeccomp(w), restricted.restrictedCapabilities(w)]).toEqual([[], [], []]);
    expect(restricted.runAsNonRoot(w)).toHaveLength(1);
  });

  it('proc-mount: flags Unmasked even in a user namespace', () => {
    const w = workloadOf(pod('  hostUsers: false\n  containers: [{name: a, securityContext: {procMount: Unmasked}}]\n'));
    expect(fields(restricted.restrictedProcMount(w))).toEqual(['spec.containers[0].securityContext.procMount']);
  });
});
