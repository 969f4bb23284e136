import {
  Component,
  EntityAttestations,
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
  supplyChain: { status: 'failed', artifacts: 2, verified: 1, failed: 1, unsigned: 0 },
};

/** An in-memory SecurityApi that pages like the backend and records the queries it got. */
export function fakeApi(
  options: {
    summary?: EntitySummary;
    findings?: Finding[];
    components?: Component[];
    attestations?: EntityAttestations;
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
  };
  return { api, queries };
}
