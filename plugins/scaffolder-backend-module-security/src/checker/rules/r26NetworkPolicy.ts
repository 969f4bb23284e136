import { K8sObject } from '../model/kubernetes';
import { Repository } from '../model/Repository';
import { YNode, entries, get, items, str, strings } from '../model/yamlTree';
import { Finding } from '../types';
import { defineRule } from './defineRule';

function selectsAll(policy: K8sObject): boolean {
  const selector = get(policy.node, 'spec', 'podSelector');
  return (
    selector !== undefined &&
    entries(get(selector, 'matchLabels')).length === 0 &&
    items(get(selector, 'matchExpressions')).length === 0
  );
}

function policyTypes(policy: K8sObject): string[] {
  const declared = strings(get(policy.node, 'spec', 'policyTypes'));
  if (declared.length > 0) return declared;
  // Without policyTypes, Egress applies only when egress rules are written.
  return get(policy.node, 'spec', 'egress')
    ? ['Ingress', 'Egress']
    : ['Ingress'];
}

/** Denies a direction for every pod: selects all, lists the type, has no rules for it. */
function deniesAll(
  policy: K8sObject,
  direction: 'Ingress' | 'Egress',
): boolean {
  const rules = get(policy.node, 'spec', direction.toLowerCase());
  return (
    selectsAll(policy) &&
    policyTypes(policy).includes(direction) &&
    items(rules).length === 0
  );
}

/** DNS is port 53, or 5353 behind OpenShift's DNS service. */
function allowsDns(rule: YNode): boolean {
  return items(get(rule, 'ports')).some(p =>
    /^(53|5353|dns|dns-tcp)$/.test(str(get(p, 'port')) ?? ''),
  );
}

function usesMesh(repo: Repository): boolean {
  return repo.deployObjects.some(
    o =>
      /^(networking|security)\.istio\.io\//.test(o.apiVersion) ||
      o.kind === 'ServiceMeshMember' ||
      str(get(o.node, 'metadata', 'labels', 'istio-injection')) === 'enabled' ||
      str(get(o.node, 'metadata', 'labels', 'istio.io/rev')) !== undefined ||
      str(
        get(
          o.node,
          'spec',
          'template',
          'metadata',
          'annotations',
          'sidecar.istio.io/inject',
        ),
      ) === 'true' ||
      str(
        get(
          o.node,
          'spec',
          'template',
          'metadata',
          'labels',
          'sidecar.istio.io/inject',
        ),
      ) === 'true',
  );
}

export const r26 = defineRule({
  id: 'R26',
  title:
    'Default-deny NetworkPolicy with explicit allows; strict mTLS and AuthorizationPolicy in a mesh',
  description:
    'A default-deny NetworkPolicy (all pods, Ingress and Egress) plus explicit allows (ingress from the router/mesh, DNS egress); with a service mesh, strict mTLS (`PeerAuthentication` STRICT) and an `AuthorizationPolicy`.',
  helpUri:
    'https://kubernetes.io/docs/concepts/services-networking/network-policies/#default-policies',
  severity: 'high',
  check: repo => {
    const policies = repo.deployObjects.filter(o => o.kind === 'NetworkPolicy');
    const at = policies[0]
      ? { file: policies[0].file, line: policies[0].line }
      : { file: 'deploy/' };
    const findings: Finding[] = [];
    const missingDeny = (['Ingress', 'Egress'] as const).filter(
      d => !policies.some(p => deniesAll(p, d)),
    );
    if (missingDeny.length > 0) {
      findings.push({
        ...at,
        message: `No default-deny NetworkPolicy for ${missingDeny.join(
          ' and ',
        )}: add one with \`podSelector: {}\`, \`policyTypes: [${missingDeny.join(
          ', ',
        )}]\` and no rules, then allow only what the service needs.`,
      });
    }
    const ingressAllows = policies.flatMap(p =>
      items(get(p.node, 'spec', 'ingress')),
    );
    if (!ingressAllows.some(r => items(get(r, 'from')).length > 0)) {
      findings.push({
        ...at,
        message:
          'No NetworkPolicy allows ingress from a named source (the router or the mesh ingress namespace), so either nothing or everything reaches the pods. Add an ingress rule with `from:` and `ports:`.',
      });
    }
    const egressAllows = policies.flatMap(p =>
      items(get(p.node, 'spec', 'egress')),
    );
    if (!egressAllows.some(allowsDns)) {
      findings.push({
        ...at,
        message:
          'No NetworkPolicy allows DNS egress (port 53 to the cluster DNS), which a default-deny egress policy blocks. Add it explicitly.',
      });
    }
    if (usesMesh(repo)) {
      const strict = repo.deployObjects.some(
        o =>
          o.kind === 'PeerAuthentication' &&
          str(get(o.node, 'spec', 'mtls', 'mode')) === 'STRICT',
      );
      if (!strict)
        findings.push({
          ...at,
          message:
            'The workload is in a service mesh but no `PeerAuthentication` sets `mtls.mode: STRICT`, so plain-text traffic is still accepted.',
        });
      if (!repo.deployObjects.some(o => o.kind === 'AuthorizationPolicy')) {
        findings.push({
          ...at,
          message:
            'The workload is in a service mesh but has no `AuthorizationPolicy`; any workload in the mesh can call it. Allow only the callers it expects.',
        });
      }
    }
    return findings;
  },
});
