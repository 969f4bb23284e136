import { readOnlyRootFilesystem, resourceLimits, serviceAccountToken } from './hardening';
import { fixture, pod, setOf, workloadOf } from './__testUtils__/manifests';

const fields = (violations: Array<{ field?: string }>) => violations.map(v => v.field);

describe('hardening', () => {
  it('read-only-root-filesystem: requires true on every container', () => {
    const w = workloadOf(pod('  containers: [{name: a, securityContext: {readOnlyRootFilesystem: true}}, {name: b}]\n'));
    expect(fields(readOnlyRootFilesystem(w))).toEqual(['spec.containers[1].securityContext.readOnlyRootFilesystem']);
  });

  it("service-account-token: the pod's false wins; else a ServiceAccount in the manifests that opts out", () => {
    const set = setOf(fixture('mixed-workloads.yaml').toString());
    const byResource = new Map(set.workloads.map(w => [w.resource, fields(serviceAccountToken(w, set))]));
    // the CronJob runs as `reporter`, whose ServiceAccount sets automountServiceAccountToken: false
    expect(byResource.get('CronJob/batch/nightly-report')).toEqual([]);
    expect(byResource.get('Deployment/web/frontend')).toEqual(['spec.template.spec.automountServiceAccountToken']);
    const explicit = setOf(pod('  automountServiceAccountToken: true\n  containers: [{name: a}]\n'));
    expect(serviceAccountToken(explicit.workloads[0], explicit)[0].message).toContain('is true');
  });

  it('resource-limits: names each missing request and limit, skips ephemeral containers', () => {
    const w = workloadOf(
      pod(`  initContainers: [{name: i, resources: {limits: {cpu: 100m, memory: 64Mi}}}]
  containers:
    - {name: a, resources: {requests: {cpu: 100m, memory: 64Mi}, limits: {cpu: 1, memory: 128Mi}}}
  ephemeralContainers: [{name: debug}]
`),
    );
    expect(fields(resourceLimits(w))).toEqual([
      'spec.initContainers[0].resources.requests.cpu',
      'spec.initContainers[0].resources.requests.memory',
    ]);
  });
});
