import { ComponentProvenance, SupplyChainSummary } from './supplyChain';
import type { ControlCounts } from './controls';
import type { FrameworkScoreSummary } from './compliance';
/** Severity scale every source is normalised onto, most severe first. */
export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const FINDING_TYPES = [
  'vulnerability',
  'code',
  'secret',
  'misconfiguration',
  'license',
  'quality',
] as const;
export type FindingType = (typeof FINDING_TYPES)[number];

export const FINDING_STATUSES = ['open', 'fixed', 'suppressed'] as const;
export type FindingStatus = (typeof FINDING_STATUSES)[number];

/** A finding as the query API returns it. Every text field comes from a scanner: untrusted. */
export interface Finding {
  id: string;
  entityRef: string;
  type: FindingType;
  tool: string;
  toolVersion?: string;
  source?: string;
  ruleId?: string;
  vulnerabilityId?: string;
  cwe?: string[];
  severity: Severity;
  title: string;
  message?: string;
  helpUri?: string;
  package?: {
    purl?: string;
    name?: string;
    installedVersion?: string;
    fixedVersion?: string;
  };
  location?: { path: string; startLine?: number; endLine?: number };
  fingerprint: string;
  status: FindingStatus;
  suppression?: { kind: string; justification?: string };
  firstSeen: string;
  lastSeen: string;
  fixedAt?: string;
}

/** A component from an SBOM. */
export interface Component {
  id: string;
  entityRef: string;
  name: string;
  version?: string;
  purl?: string;
  type?: string;
  licenses: string[];
  /** Absent when the SBOM has no dependency graph to tell. */
  direct?: boolean;
  hashes?: Record<string, string>;
  source?: string;
  /** Set when a signed attestation about this package was uploaded for the entity. */
  provenance?: ComponentProvenance;
}

/** The last report a tool delivered for an entity. */
export interface ToolReport {
  tool: string;
  toolVersion?: string;
  source?: string;
  reportId: string;
  format: string;
  receivedAt: string;
  findings: number;
}

export type SeverityCounts = Record<Severity, number>;

/** Per-entity counts, precomputed on every write. Counts cover open findings. */
export interface EntitySummary {
  entityRef: string;
  totals: { open: number; fixed: number; suppressed: number };
  bySeverity: SeverityCounts;
  byType: Partial<Record<FindingType, number>>;
  byTool: Record<string, SeverityCounts>;
  components: number;
  lastReports: ToolReport[];
  /** Control results by status, over every tool's latest report. */
  controls: ControlCounts;
  /** Scores of the frameworks the entity (or its system) opted into. */
  compliance: FrameworkScoreSummary[];
  supplyChain: SupplyChainSummary;
  updatedAt?: string;
}

/** The part of a summary the store precomputes; signing status is added when it is read. */
export type StoredSummary = Omit<EntitySummary, 'supplyChain' | 'compliance'>;

/** The answer to a report upload. */
export interface ReportReceipt {
  id: string;
  entityRef: string;
  format: string;
  counts: {
    findings: number;
    components: number;
    attestations: number;
    controls: number;
  };
}

export interface Page<T> {
  items: T[];
  totalCount: number;
  nextCursor?: string;
}

export const FINDING_SORT_FIELDS = [
  'severity',
  'lastSeen',
  'firstSeen',
  'title',
] as const;
export type FindingSortField = (typeof FINDING_SORT_FIELDS)[number];

export interface FindingsQuery {
  type?: FindingType[];
  severity?: Severity[];
  status?: FindingStatus[];
  tool?: string[];
  q?: string;
  sort?: FindingSortField;
  order?: 'asc' | 'desc';
  limit?: number;
  cursor?: string;
}

export interface ComponentsQuery {
  q?: string;
  license?: string;
  limit?: number;
  cursor?: string;
}
