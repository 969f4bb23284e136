import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { InputError } from '@backstage/errors';
import { kubernetesManifestsFormat } from './manifestsFormat';
import { builtInFormats } from '../formats';
import { collect } from '../formats/__testUtils__/collect';
import { fixture } from './__testUtils__/manifests';

const head = (bytes: Buffer) => bytes.toString('utf8', 0, 4096);

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap(name => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

describe('kubernetesManifestsFormat.detect', () => {
  it.each([
    'hardened-deployment.yaml',
    'privileged-daemonset.yaml',
    'mixed-workloads.yaml',
    'istio-permissive.yaml',
    'workloads-list.json',
    'real/kube-prometheus-node-exporter.yaml',
  ])('claims %s, which no other built-in format claims', name => {
    const bytes = fixture(name);
    expect(kubernetesManifestsFormat.detect(head(bytes))).toBe(true);
    expect(builtInFormats.filter(f => f.detect(head(bytes))).map(f => f.id)).toEqual(['kubernetes-manifests']);
  });

  it('claims a List of workloads, and Istio objects alone', () => {
    const list = 'apiVersion: v1\nkind: List\nitems:\n- apiVersion: apps/v1\n  kind: StatefulSet\n  metadata: {name: db}\n';
    expect(kubernetesManifestsFormat.detect(list)).toBe(true);
    expect(kubernetesManifestsFormat.detect('apiVersion: security.istio.io/v1\nkind: PeerAuthentication\n')).toBe(true);
    expect(kubernetesManifestsFormat.detect('apiVersion: apps/v1\r\nkind: Deployment\r\n')).toBe(true);
  });

  it("leaves every other format's reports alone, Policy Reports and Compliance Operator results included", () => {
    const repoRoot = resolve(__dirname, '../../../..');
    const reports = [
      ...filesUnder(resolve(__dirname, '../formats/__fixtures__')),
      ...filesUnder(resolve(repoRoot, 'examples/reports')).filter(path => !/\.k8s\.ya?ml$/.test(path)),
    ].filter(path => !path.endsWith('.md'));
    expect(reports.length).toBeGreaterThan(30);
    const claimed = reports.filter(path => kubernetesManifestsFormat.detect(head(readFileSync(path))));
    expect(claimed).toEqual([]);
  });

  it.each([
    ['a ConfigMap only', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n'],
    ['a nested kind only', 'apiVersion: example.com/v1\nkind: Report\nresources:\n  - kind: Deployment\n'],
    ['a JSON report that quotes objects', '{"generationTime": "x", "resources": [{"apiVersion": "apps/v1", "kind": "Deployment"}]}'],
    ['a Policy Report naming pods', 'apiVersion: wgpolicyk8s.io/v1alpha2\nkind: PolicyReport\nresults:\n- resources:\n  - kind: Pod\n'],
  ])('does not claim %s', (_, text) => {
    expect(kubernetesManifestsFormat.detect(text)).toBe(false);
  });
});

describe('kubernetesManifestsFormat.parse', () => {
  it('records the tool run, one result per control and a warning for the kinds it ignored', async () => {
    const out = await collect(kubernetesManifestsFormat, fixture('hardened-deployment.yaml'));
    expect(out.tools).toEqual([{ name: 'kubernetes-manifests' }]);
    expect(out.controls).toHaveLength(27);
    expect(out.warnings).toEqual(['Ignored 1 object of kinds this evaluator does not read: Service (1)']);
  });

  it('reads a JSON List and evaluates a real node exporter DaemonSet', async () => {
    const list = await collect(kubernetesManifestsFormat, fixture('workloads-list.json'));
    expect(list.warnings).toEqual(['Ignored 1 object of kinds this evaluator does not read: ConfigMap (1)']);
    const nodeExporter = await collect(kubernetesManifestsFormat, fixture('real/kube-prometheus-node-exporter.yaml'));
    const byId = new Map(nodeExporter.controls.map(c => [c.controlId, c]));
    expect(byId.get('pss-baseline/host-namespaces')?.evidence?.map(e => e.field)).toEqual([
      'spec.template.spec.hostNetwork',
      'spec.template.spec.hostPID',
    ]);
    expect(byId.get('pss-baseline/capabilities')?.evidence?.[0].message).toContain('SYS_TIME');
    expect(byId.get('scc/requires-privileged')?.evidence?.[0].message).toContain('the closest default SCC, hostaccess');
    // its pod spec asks for the token explicitly, whatever its ServiceAccount says
    expect(byId.get('hardening/service-account-token')?.status).toBe('fail');
    expect(byId.get('hardening/resource-limits')?.status).toBe('pass');
    // its NetworkPolicy selects the exporter's pods only: it is not a default deny
    expect(byId.get('network/default-deny')?.status).toBe('fail');
  });

  it.each([
    ['text that is not YAML', 'apiVersion: v1\nkind: Pod\nspec: [unclosed\n', /not valid YAML/],
    ['broken JSON', '{"apiVersion": "v1", "kind": ', /not valid JSON/],
    ['a scalar document', 'just some words\n', /no document has a kind/],
    ['an empty file', '', /no document has a kind/],
    ['documents without a kind', '---\n- 1\n- 2\n---\nname: x\n', /no document has a kind/],
    [
      'a billion laughs',
      `apiVersion: v1\nkind: Pod\na: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n`,
      /could not be read/,
    ],
  ])('refuses %s with a clear InputError', async (_, text, message) => {
    const parsing = collect(kubernetesManifestsFormat, text);
    await expect(parsing).rejects.toThrow(InputError);
    await expect(parsing).rejects.toThrow(message);
  });

  it('reads fields of the wrong type as absent instead of crashing', async () => {
    const out = await collect(
      kubernetesManifestsFormat,
      `apiVersion: apps/v1
kind: Deployment
metadata: {name: 42, namespace: [x]}
spec:
  template:
    metadata: {annotations: "x", labels: 7}
    spec:
      hostPID: "yes"
      securityContext: [1, 2]
      containers: "x"
      initContainers: [null, 3, {name: i, securityContext: "privileged", ports: {hostPort: 80}, resources: [1]}]
      volumes: [{name: v, hostPath: "/etc"}, "volume"]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: np}
spec: {podSelector: "all", policyTypes: "Ingress"}
`,
    );
    const byId = new Map(out.controls.map(c => [c.controlId, c]));
    expect(byId.get('pss-baseline/host-namespaces')?.status).toBe('pass');
    expect(byId.get('pss-baseline/host-path')?.evidence).toEqual([
      { resource: 'Deployment/default/42', field: 'spec.template.spec.volumes[0].hostPath', message: expect.stringContaining('(no path)') },
    ]);
    expect(byId.get('hardening/resource-limits')?.evidence?.[0].field).toBe('spec.template.spec.initContainers[2].resources.limits.cpu');
    expect(byId.get('network/default-deny')?.status).toBe('fail');
  });

  it('treats __proto__ keys as data: no prototype is touched, nothing inherited is read', async () => {
    const yaml = await collect(
      kubernetesManifestsFormat,
      `apiVersion: v1
kind: Pod
metadata: {name: p, __proto__: {namespace: evil}}
spec:
  __proto__: {hostPID: true}
  containers:
    - name: a
      securityContext: {__proto__: {privileged: true}}
`,
    );
    const json = await collect(
      kubernetesManifestsFormat,
      '{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "j"}, "spec": {"__proto__": {"hostIPC": true}, "containers": [{"name": "a", "__proto__": {"securityContext": {"privileged": true}}}]}}',
    );
    for (const out of [yaml, json]) {
      const byId = new Map(out.controls.map(c => [c.controlId, c.status]));
      expect([byId.get('pss-baseline/host-namespaces'), byId.get('pss-baseline/privileged')]).toEqual(['pass', 'pass']);
    }
    expect(yaml.controls[0].evidence).toEqual([{ message: '1 workload (1 container) checked; none violates this control' }]);
    expect(({} as Record<string, unknown>).hostPID).toBeUndefined();
    expect(({} as Record<string, unknown>).privileged).toBeUndefined();
  });
});
