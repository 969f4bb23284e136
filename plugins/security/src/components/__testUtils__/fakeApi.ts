import {
  Component,
  ControlResult,
  Attestation,
  EntityAttestations,
  EntityCompliance,
  EntitySummary,
  Finding,
  FindingsQuery,
  SecurityApi,
} from '@devsecops/plugin-security-common';

export const entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'payments-api', namespace: 'default' },
  spec: { type: 'service', owner: 'team-a', lifecycle: 'production' },
};

export function makeFinding(i: number, overrides: Partial<Finding> = {}): Finding {
  return {
    id: String(i),
    entityRef: 'component:default/payments-api',
    type: 'vulnerability',
    tool: 'trivy',
    ruleId: `CVE-2024-${1000 + i}`,
    vulnerabilityId: `CVE-2024-${1000 + i}`,
    severity: i % 2 ? 'high' : 'critical',
    title: `Finding number ${i}`,
    message: `Details of ${i}`,
    fingerprint: `fp${i}`,
    status: 'open',
    firstSeen: '2026-11-01T10:00:00.000Z',
    lastSeen: '2026-11-20T10:00:00.000Z',
    ...overrides,
  };
}

export const summary: EntitySummary = {
  entityRef: 'component:default/payments-api',
  totals: { open: 60, fixed: 2, suppressed: 1 },
  bySeverity: { critical: 30, high: 30, medium: 0, low: 0, info: 0 },
  byType: { vulnerability: 60 },
  byTool: { trivy: { critical: 30, high: 30, medium: 0, low: 0, info: 0 } },
  components: 2,
  lastReports: [
    { tool: 'trivy', toolVersion: '0.56.1', reportId: 'r1', format: 'trivy', receivedAt: '2026-11-20T10:00:00.000Z', findings: 60, source: 'image:payments' },
  ],
  controls: { fail: 3, warn: 1, error: 0, pass: 12, skip: 2 },
  compliance: [
    { id: 'pci-dss-4.0', title: 'PCI DSS', version: 'v4.0.1', optedInBy: 'system', passed: 3, failed: 1, notAssessed: 4, score: 75 },
  ],
  supplyChain: { status: 'failed', artifacts: 2, verified: 1, failed: 1, unsigned: 0, attestations: 3 },
};

const attestation = (overrides: Partial<Attestation>): Attestation => ({
  id: 'a1',
  entityRef: 'component:default/payments-api',
  artifact: 'ghcr.io/acme/payments-api@sha256:cccc',
  role: 'artifact',
  subjectDigest: `sha256:${'c'.repeat(64)}`,
  subjects: [{ name: 'ghcr.io/acme/payments-api', digest: `sha256:${'c'.repeat(64)}` }],
  kind: 'dsse',
  mediaType: 'application/vnd.dev.sigstore.bundle.v0.3+json',
  predicateType: 'https://slsa.dev/provenance/v1',
  signer: {
    identity: 'https://github.com/acme/payments-api/.github/workflows/release.yml@refs/heads/main',
    issuer: 'https://token.actions.githubusercontent.com',
  },
  transparencyLog: { logIndex: '123456789', integratedTime: '2026-11-20T10:00:00.000Z' },
  verification: { status: 'verified', checks: ['certificate chain', 'signature'] },
  bundleDigest: 'sha256:b1',
  uploadedAt: '2026-11-20T10:00:00.000Z',
  ...overrides,
});

const provenance = {
  slsaVersion: '1',
  builderId: 'https://github.com/actions/runner/github-hosted',
  sourceRepository: 'https://github.com/acme/payments-api',
  sourceCommit: 'a'.repeat(40),
  sourceRef: 'refs/heads/main',
  workflow: '.github/workflows/release.yml',
};

/** Two declared artifacts, one verified with provenance and one whose only bundle was tampered. */
export const supplyChain: EntityAttestations = {
  artifacts: [
    { artifact: 'ghcr.io/acme/payments-api@sha256:cccc', digest: `sha256:${'c'.repeat(64)}`, declared: true, status: 'verified', signer: attestation({}).signer, provenance },
    { artifact: 'ghcr.io/acme/payments-worker', declared: true, status: 'failed', reason: 'the signature does not verify: bad' },
  ],
  items: [
    attestation({ provenance }),
    attestation({
      id: 'a2',
      artifact: 'ghcr.io/acme/payments-worker',
      signer: { identity: '<img src=x onerror=alert(1)>', issuer: 'https://token.actions.githubusercontent.com' },
      verification: { status: 'failed', failure: 'bad-signature', reason: 'the signature does not verify: bad', checks: [] },
    }),
    attestation({ id: 'a3', role: 'dependency', artifact: 'pkg:npm/sigstore@1.0.0', predicateType: 'https://github.com/npm/attestation/tree/main/specs/publish/v0.1', signer: { keyId: 'SHA256:npm' }, transparencyLog: undefined }),
  ],
};

/** PCI DSS inherited from the system: one requirement failing on hostile evidence text. */
export const compliance: EntityCompliance = {
  entityRef: 'component:default/payments-api',
  available: [
    { id: 'pci-dss-4.0', title: 'PCI DSS' },
    { id: 'hipaa', title: 'HIPAA Security Rule' },
  ],
  frameworks: [
    {
      id: 'pci-dss-4.0',
      title: 'PCI DSS',
      version: 'v4.0.1',
      optedInBy: 'system',
      passed: 1,
      failed: 1,
      notAssessed: 1,
      score: 50,
      requirements: [
        {
          id: '2.2.1',
          title: 'Configuration standards are developed and implemented',
          status: 'failed',
          checks: [
            {
              id: 'pod-security/pss-baseline-privileged',
              title: 'No privileged containers',
              status: 'fail',
              results: { fail: 1 },
              evidence: [
                {
                  source: 'kubernetes-manifests',
                  resource: 'Deployment/payments/api',
                  field: 'spec.template.spec.containers[0].securityContext.privileged',
                  message: '<img src=x onerror=alert(1)>',
                  remediation: 'Remove securityContext.privileged',
                },
              ],
              citation: 'CIS Kubernetes Benchmark v1.9.0 5.2.2',
            },
          ],
        },
        { id: '6.3.3', title: 'Security patches installed', status: 'passed', checks: [] },
        { id: '4.2.1', title: 'Strong cryptography in transit', status: 'not-assessed', checks: [] },
      ],
    },
  ],
};

/** An in-memory SecurityApi that pages like the backend and records the queries it got. */
export function fakeApi(
  options: {
    summary?: EntitySummary;
    findings?: Finding[];
    components?: Component[];
    attestations?: EntityAttestations;
    controls?: ControlResult[];
    compliance?: EntityCompliance;
  } = {},
) {
  const findings = options.findings ?? Array.from({ length: 60 }, (_, i) => makeFinding(i));
  const queries: FindingsQuery[] = [];
  const api: SecurityApi = {
    getSummary: async () => options.summary ?? summary,
    listFindings: async (_ref, query = {}) => {
      queries.push(query);
      const matching = findings.filter(
        f =>
          (!query.severity?.length || query.severity.includes(f.severity)) &&
          (!query.status?.length || query.status.includes(f.status)) &&
          (!query.q || f.title.includes(query.q)),
      );
      const start = query.cursor ? Number(query.cursor) : 0;
      const limit = query.limit ?? 50;
      const items = matching.slice(start, start + limit);
      return {
        items,
        totalCount: matching.length,
        nextCursor: start + limit < matching.length ? String(start + limit) : undefined,
      };
    },
    listComponents: async () => ({
      items: options.components ?? [],
      totalCount: options.components?.length ?? 0,
    }),
    listAttestations: async () => options.attestations ?? { artifacts: [], items: [] },
    listControls: async (_ref, query = {}) => {
      const items = (options.controls ?? []).filter(c => !query.status?.length || query.status.includes(c.status));
      return { items, totalCount: items.length };
    },
    getCompliance: async () => options.compliance ?? compliance,
  };
  return { api, queries };
}
