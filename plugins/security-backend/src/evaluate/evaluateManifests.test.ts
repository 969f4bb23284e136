import { evaluateManifests } from './evaluateManifests';
import { fieldsOf, fixture, objectsOf, resultsOf } from './__testUtils__/manifests';

const statuses = (results: ReturnType<typeof resultsOf>) => Object.fromEntries([...results].map(([id, r]) => [id, r.status]));

const CONTROL_IDS = [
  'pss-baseline/host-namespaces', 'pss-baseline/privileged', 'pss-baseline/capabilities', 'pss-baseline/host-path',
  'pss-baseline/host-ports', 'pss-baseline/apparmor', 'pss-baseline/selinux', 'pss-baseline/proc-mount',
  'pss-baseline/seccomp', 'pss-baseline/sysctls', 'pss-baseline/windows-host-process', 'pss-baseline/host-probes',
  'pss-restricted/volume-types', 'pss-restricted/privilege-escalation', 'pss-restricted/run-as-non-root',
  'pss-restricted/run-as-user', 'pss-restricted/seccomp', 'pss-restricted/capabilities', 'pss-restricted/proc-mount',
  'scc/restricted-v2', 'scc/requires-privileged',
  'hardening/read-only-root-filesystem', 'hardening/service-account-token', 'hardening/resource-limits',
  'network/default-deny', 'istio/mtls-strict', 'istio/authorization-policy',
];

describe('evaluateManifests', () => {
  it('gives one result per control, with its benchmark, severity, title and remediation', () => {
    const results = evaluateManifests(objectsOf(fixture('hardened-deployment.yaml').toString()));
    expect(results.map(r => r.controlId)).toEqual(CONTROL_IDS);
    const bySeverity = (prefix: string) => new Set(results.filter(r => r.controlId.startsWith(prefix)).map(r => [r.benchmark, r.severity].join(' ')));
    expect(bySeverity('pss-baseline/')).toEqual(new Set(['pss-baseline high']));
    expect(bySeverity('pss-restricted/')).toEqual(new Set(['pss-restricted medium']));
    expect(bySeverity('scc/')).toEqual(new Set(['openshift-scc medium']));
    expect(bySeverity('hardening/')).toEqual(new Set(['hardening low']));
    expect(bySeverity('network/')).toEqual(new Set(['segmentation medium']));
    expect(bySeverity('istio/')).toEqual(new Set(['segmentation medium']));
    for (const r of results) {
      expect(r.tool).toEqual({ name: 'kubernetes-manifests' });
      expect(r.title).toMatch(/^[A-Z].{10,}[^.]$/);
      expect(r.remediation).toMatch(/\.$/);
    }
  });

  it('passes every check of a restricted-compliant deployment, with one evidence entry saying what was checked', () => {
    const results = resultsOf(fixture('hardened-deployment.yaml').toString());
    const expected = Object.fromEntries(CONTROL_IDS.map(id => [id, id.startsWith('istio/') ? 'skip' : 'pass']));
    expect(statuses(results)).toEqual(expected);
    expect(results.get('pss-restricted/seccomp')?.evidence).toEqual([{ message: '1 workload (2 containers) checked; none violates this control' }]);
    expect(results.get('istio/mtls-strict')?.evidence).toEqual([{ message: expect.stringContaining('Istio is not used') }]);
  });

  it('fails a privileged DaemonSet on the checks it breaks, naming each offending field', () => {
    const results = resultsOf(fixture('privileged-daemonset.yaml').toString());
    const failed = CONTROL_IDS.filter(id => results.get(id)?.status === 'fail');
    expect(CONTROL_IDS.filter(id => !failed.includes(id))).toEqual([
      'pss-baseline/windows-host-process',
      'pss-baseline/host-probes',
      'istio/mtls-strict',
      'istio/authorization-policy',
    ]);
    const spec = 'spec.template.spec';
    expect(fieldsOf(results.get('pss-baseline/host-namespaces'))).toEqual([`${spec}.hostNetwork`, `${spec}.hostPID`]);
    expect(fieldsOf(results.get('pss-baseline/privileged'))).toEqual([`${spec}.containers[0].securityContext.privileged`]);
    expect(fieldsOf(results.get('pss-baseline/capabilities'))).toEqual([`${spec}.containers[0].securityContext.capabilities.add[0]`]);
    expect(fieldsOf(results.get('pss-baseline/host-path'))).toEqual([`${spec}.volumes[0].hostPath`]);
    expect(fieldsOf(results.get('pss-baseline/host-ports'))).toEqual([`${spec}.containers[0].ports[0].hostPort`]);
    expect(fieldsOf(results.get('pss-baseline/apparmor'))).toEqual([
      'spec.template.metadata.annotations["container.apparmor.security.beta.kubernetes.io/agent"]',
    ]);
    expect(fieldsOf(results.get('pss-baseline/selinux'))).toEqual([`${spec}.securityContext.seLinuxOptions.type`]);
    expect(fieldsOf(results.get('pss-baseline/proc-mount'))).toEqual([`${spec}.containers[0].securityContext.procMount`]);
    expect(fieldsOf(results.get('pss-baseline/seccomp'))).toEqual([`${spec}.containers[0].securityContext.seccompProfile.type`]);
    expect(fieldsOf(results.get('pss-baseline/sysctls'))).toEqual([`${spec}.securityContext.sysctls[1].name`]);
    expect(fieldsOf(results.get('pss-restricted/run-as-user'))).toEqual([`${spec}.securityContext.runAsUser`]);
    expect(results.get('pss-baseline/privileged')?.evidence).toEqual([
      {
        resource: 'DaemonSet/monitoring/node-agent',
        field: `${spec}.containers[0].securityContext.privileged`,
        message: "container 'agent' is privileged; privileged must be unset or false",
      },
    ]);
    expect(results.get('network/default-deny')?.evidence).toEqual([
      { resource: 'Namespace/monitoring', message: expect.stringContaining('no NetworkPolicy in namespace monitoring') },
    ]);
  });

  it('aggregates over every workload of a multi-document file', () => {
    const results = resultsOf(fixture('mixed-workloads.yaml').toString());
    expect(results.get('pss-restricted/privilege-escalation')?.evidence?.map(e => e.resource)).toEqual([
      'Deployment/web/frontend',
      'StatefulSet/web/db',
      'CronJob/batch/nightly-report',
      'DaemonSet/batch/log-shipper',
      'Pod/default/debug',
    ]);
    expect(fieldsOf(results.get('pss-restricted/volume-types'))).toEqual(['spec.jobTemplate.spec.template.spec.volumes[0].nfs']);
    expect(results.get('pss-restricted/run-as-non-root')?.evidence).toContainEqual({
      resource: 'StatefulSet/web/db',
      field: 'spec.template.spec.containers[0].securityContext.runAsNonRoot',
      message: "container 'postgres' sets runAsNonRoot to false; it must be true",
    });
    expect(results.get('pss-baseline/privileged')?.evidence).toEqual([{ message: '5 workloads (5 containers) checked; none violates this control' }]);
  });

  it('reads the Istio fixtures: STRICT passes, PERMISSIVE fails', () => {
    const strict = resultsOf(fixture('istio-strict.yaml').toString());
    expect([strict.get('istio/mtls-strict')?.status, strict.get('istio/authorization-policy')?.status]).toEqual(['pass', 'pass']);
    const permissive = resultsOf(fixture('istio-permissive.yaml').toString());
    expect(fieldsOf(permissive.get('istio/mtls-strict'))).toEqual(['spec.mtls.mode', 'spec.portLevelMtls.9090.mode']);
    expect(permissive.get('istio/authorization-policy')?.status).toBe('fail');
  });

  it('skips every control when there is nothing to check', () => {
    const results = evaluateManifests(objectsOf('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n'));
    expect(new Set(results.map(r => r.status))).toEqual(new Set(['skip']));
    expect(results[0].evidence).toEqual([{ message: 'The manifests hold no Pod or pod template to check' }]);
  });

  it('caps evidence at 100 entries and says how many were left out', () => {
    const pods = Array.from({ length: 150 }, (_, i) => `apiVersion: v1\nkind: Pod\nmetadata: {name: p${i}}\nspec: {hostPID: true, containers: [{name: a}]}\n`);
    const result = resultsOf(pods.join('---\n')).get('pss-baseline/host-namespaces');
    expect(result?.evidence).toHaveLength(100);
    expect(result?.evidence?.[98]).toMatchObject({ resource: 'Pod/default/p98', field: 'spec.hostPID' });
    expect(result?.evidence?.[99]).toEqual({ message: '51 more violations omitted (150 in all)' });
  });
});
