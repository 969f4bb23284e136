import { repoTester, startsWith } from '../__testUtils__/fixtureRepo';

describe('R26 network policies and mesh', () => {
  const repo = repoTester();

  it.each(['github', 'gitlab', 'tekton'] as const)(
    'passes the compliant %s repository',
    async base => {
      expect(await repo.violations('R26', base)).toEqual([]);
    },
  );

  it('flags a deny-ingress-only policy, a missing router allow and missing DNS egress', async () => {
    const found = await repo.violations('R26', 'github', {
      'deploy/networkpolicy.yaml': `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: default-deny }
spec:
  podSelector: {}
`,
    });
    expect(found.map(v => [v.line, v.message])).toEqual([
      [1, startsWith('No default-deny NetworkPolicy for Egress')],
      [1, startsWith('No NetworkPolicy allows DNS egress')],
      [1, startsWith('No NetworkPolicy allows ingress from a named source')],
    ]);
  });

  it('flags a repository without any NetworkPolicy', async () => {
    const found = await repo.violations('R26', 'gitlab', {
      'deploy/networkpolicy.yaml': null,
    });
    expect(found.map(v => v.file)).toEqual(['deploy/', 'deploy/', 'deploy/']);
  });

  it('requires strict mTLS and an AuthorizationPolicy in a service mesh', async () => {
    const mesh = {
      'deploy/deployment.yaml': [
        [
          '        backstage.io/kubernetes-id: payments-api\n    spec:',
          '        backstage.io/kubernetes-id: payments-api\n        sidecar.istio.io/inject: "true"\n    spec:',
        ],
      ] as Array<[string, string]>,
    };
    const found = await repo.violations('R26', 'tekton', mesh);
    expect(found.map(v => v.message)).toEqual([
      startsWith(
        'The workload is in a service mesh but has no `AuthorizationPolicy`',
      ),
      startsWith(
        'The workload is in a service mesh but no `PeerAuthentication` sets `mtls.mode: STRICT`',
      ),
    ]);
    const secured = await repo.violations('R26', 'tekton', {
      ...mesh,
      'deploy/mesh.yaml': `apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: { name: default }
spec:
  mtls: { mode: STRICT }
---
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: { name: payments-api }
spec:
  selector: { matchLabels: { app.kubernetes.io/name: payments-api } }
  rules:
    - from: [{ source: { principals: [cluster.local/ns/istio-ingress/sa/istio-ingressgateway] } }]
`,
    });
    expect(secured).toEqual([]);
  });
});
