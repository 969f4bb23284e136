import { NamespaceControl } from './namespaceControls';
import { defaultDeny } from './networkPolicy';
import { authorizationPolicy, mtlsStrict } from './istio';

/** Network segmentation, checked per namespace that holds workloads. */
export const NAMESPACE_CONTROLS: readonly NamespaceControl[] = [
  {
    id: 'network/default-deny',
    benchmark: 'segmentation',
    severity: 'medium',
    title: 'Every namespace with workloads denies ingress by default',
    remediation:
      'Add a NetworkPolicy with podSelector: {} and policyTypes [Ingress, Egress] and no rules to each namespace, then allow the flows each workload needs.',
    evaluate: defaultDeny,
  },
  {
    id: 'istio/mtls-strict',
    benchmark: 'segmentation',
    severity: 'medium',
    title: 'Istio requires mutual TLS (STRICT) in every meshed namespace',
    remediation:
      'Add a PeerAuthentication with spec.mtls.mode: STRICT to the namespace (or mesh-wide in istio-system) and remove PERMISSIVE or DISABLE overrides, port-level ones included.',
    evaluate: mtlsStrict,
  },
  {
    id: 'istio/authorization-policy',
    benchmark: 'segmentation',
    severity: 'medium',
    title: 'Istio AuthorizationPolicies restrict requests in every meshed namespace',
    remediation:
      'Add an AuthorizationPolicy to the namespace (or mesh-wide in istio-system), starting from allow-nothing (an ALLOW policy with no rules), and allow only the callers each workload needs.',
    evaluate: authorizationPolicy,
  },
];
