import { extractWorkloads } from './workloads';
import { fixture, objectsOf } from './__testUtils__/manifests';

describe('extractWorkloads', () => {
  it('finds the pod spec of every controller, with its resource name and path', () => {
    const workloads = extractWorkloads(objectsOf(fixture('mixed-workloads.yaml').toString()));
    expect(workloads.map(w => [w.resource, w.specPath, w.metadataPath])).toEqual([
      ['Deployment/web/frontend', 'spec.template.spec', 'spec.template.metadata'],
      ['StatefulSet/web/db', 'spec.template.spec', 'spec.template.metadata'],
      ['CronJob/batch/nightly-report', 'spec.jobTemplate.spec.template.spec', 'spec.jobTemplate.spec.template.metadata'],
      ['DaemonSet/batch/log-shipper', 'spec.template.spec', 'spec.template.metadata'],
      // a manifest without a namespace lands in `default`
      ['Pod/default/debug', 'spec', 'metadata'],
    ]);
  });

  it('reads a List with ReplicaSet, ReplicationController, Job and DeploymentConfig, and every container list', () => {
    const workloads = extractWorkloads(objectsOf(fixture('workloads-list.json').toString()));
    expect(workloads.map(w => w.resource)).toEqual([
      'ReplicaSet/api/api-7d9f',
      'ReplicationController/api/legacy',
      'Job/api/migrate',
      'DeploymentConfig/finance/billing',
    ]);
    expect(workloads[2].containers.map(c => [c.name, c.list, c.path])).toEqual([
      ['migrate', 'containers', 'spec.template.spec.containers[0]'],
      ['debugger', 'ephemeralContainers', 'spec.template.spec.ephemeralContainers[0]'],
    ]);
  });

  it('lists init containers first and keeps the index of each in its list', () => {
    const [w] = extractWorkloads(
      objectsOf(`apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers: [{name: a}, "not a container", {name: b}]
  initContainers: [{name: init}]
`),
    );
    expect(w.containers.map(c => c.path)).toEqual(['spec.initContainers[0]', 'spec.containers[0]', 'spec.containers[2]']);
  });

  it('ignores kinds of other API groups, objects without a pod spec, and wrong types', () => {
    const objects = objectsOf(`apiVersion: example.com/v1
kind: Deployment
metadata: {name: custom}
spec: {template: {spec: {containers: [{name: x}]}}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: no-template}
spec: {replicas: 1}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: wrong-types}
spec: {template: {spec: {containers: "x", volumes: 3}}}
`);
    const workloads = extractWorkloads(objects);
    expect(workloads.map(w => [w.resource, w.containers.length])).toEqual([['Deployment/default/wrong-types', 0]]);
  });
});
