import { defaultDeny } from './networkPolicy';
import { authorizationPolicy, mtlsStrict } from './istio';
import { fixture, setOf } from './__testUtils__/manifests';

const deployment = (namespace: string, annotations = '{}') => `apiVersion: apps/v1
kind: Deployment
metadata: {name: app, namespace: ${namespace}}
spec: {template: {metadata: {annotations: ${annotations}}, spec: {containers: [{name: a}]}}}
---
`;

describe('network/default-deny', () => {
  it('fails a namespace without one and passes an Ingress-only default deny', () => {
    const outcome = defaultDeny(setOf(fixture('mixed-workloads.yaml').toString()));
    expect(outcome).toEqual({
      checked: 3,
      // `batch` only denies egress; the bare Pod's `default` has no policy at all
      violations: [
        { resource: 'Namespace/batch', message: expect.stringContaining('egress alone is denied') },
        { resource: 'Namespace/default', message: expect.stringContaining('egress is not denied either') },
      ],
      summary: expect.any(String),
    });
  });

  it('says in the pass whether egress is denied too', () => {
    const outcome = defaultDeny(setOf(fixture('hardened-deployment.yaml').toString()));
    expect(outcome).toEqual({ checked: 1, violations: [], summary: expect.stringContaining('egress is denied by default too') });
    const ingressOnly = defaultDeny(setOf(fixture('istio-strict.yaml').toString()));
    expect(ingressOnly).toMatchObject({ violations: [], summary: expect.stringContaining('egress is not denied by default in payments') });
  });

  it('does not count a policy that selects some pods, or one that allows all ingress', () => {
    const outcome = defaultDeny(
      setOf(`${deployment('a')}apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: some, namespace: a}
spec: {podSelector: {matchLabels: {app: x}}, policyTypes: [Ingress]}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: allow-all, namespace: a}
spec: {podSelector: {}, ingress: [{}]}
`),
    );
    expect(outcome).toMatchObject({ violations: [{ resource: 'Namespace/a' }] });
  });

  it('skips when there is no workload', () => {
    expect(defaultDeny(setOf('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n'))).toEqual({ skip: expect.any(String) });
  });
});

describe('Istio', () => {
  it('passes STRICT mTLS and an allow-list AuthorizationPolicy', () => {
    const set = setOf(fixture('istio-strict.yaml').toString());
    expect(mtlsStrict(set)).toEqual({ checked: 1, violations: [], summary: expect.stringContaining('payments') });
    expect(authorizationPolicy(set)).toMatchObject({ checked: 1, violations: [] });
  });

  it('fails a PERMISSIVE mesh-wide policy, a DISABLEd port and an allow-everything policy', () => {
    const set = setOf(fixture('istio-permissive.yaml').toString());
    expect(mtlsStrict(set)).toMatchObject({
      violations: [
        { resource: 'PeerAuthentication/istio-system/default', field: 'spec.mtls.mode', message: expect.stringContaining('PERMISSIVE for namespace orders') },
        { resource: 'PeerAuthentication/orders/orders-metrics', field: 'spec.portLevelMtls.9090.mode', message: expect.stringContaining('DISABLE') },
      ],
    });
    expect(authorizationPolicy(set)).toMatchObject({
      violations: [{ resource: 'AuthorizationPolicy/orders/allow-all', field: 'spec.rules', message: expect.stringContaining('allows every request') }],
    });
  });

  it('a namespace STRICT policy overrides a PERMISSIVE mesh, a workload PERMISSIVE one weakens it again', () => {
    const text = `${deployment('shop', '{sidecar.istio.io/inject: "true"}')}apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: default, namespace: istio-system}
spec: {mtls: {mode: PERMISSIVE}}
---
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: default, namespace: shop}
spec: {mtls: {mode: STRICT}}
`;
    expect(mtlsStrict(setOf(text))).toMatchObject({ violations: [] });
    const weakened = `${text}---
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: legacy, namespace: shop}
spec: {selector: {matchLabels: {app: legacy}}, mtls: {mode: PERMISSIVE}}
`;
    expect(mtlsStrict(setOf(weakened))).toMatchObject({ violations: [{ resource: 'PeerAuthentication/shop/legacy', field: 'spec.mtls.mode' }] });
  });

  it('fails a meshed namespace with no PeerAuthentication or AuthorizationPolicy at all', () => {
    const set = setOf(`apiVersion: v1
kind: Namespace
metadata: {name: shop, labels: {istio.io/rev: stable}}
---
${deployment('shop')}`);
    expect(mtlsStrict(set)).toMatchObject({ violations: [{ resource: 'Namespace/shop', message: expect.stringContaining('PERMISSIVE') }] });
    expect(authorizationPolicy(set)).toMatchObject({ violations: [{ resource: 'Namespace/shop' }] });
  });

  it('skips, saying so, when Istio is not used, and leaves out namespaces that opt out', () => {
    const plain = setOf(fixture('mixed-workloads.yaml').toString());
    expect(mtlsStrict(plain)).toEqual({ skip: expect.stringContaining('Istio is not used') });
    expect(authorizationPolicy(plain)).toEqual({ skip: expect.stringContaining('Istio is not used') });
    const optedOut = setOf(`${deployment('a', '{sidecar.istio.io/inject: "true"}')}${deployment('b', '{sidecar.istio.io/inject: "false"}')}`);
    expect(mtlsStrict(optedOut)).toMatchObject({ checked: 1, violations: [{ resource: 'Namespace/a' }] });
  });
});
