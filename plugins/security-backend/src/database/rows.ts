import {
  Component,
  Finding,
  FindingStatus,
  FindingType,
  Severity,
} from '@devsecops/plugin-security-common';

/** Findings are tracked per tool and source label: a report replaces only its own scope. */
export function scopeOf(tool: string, sourceLabel: string): string {
  return sourceLabel ? `${tool}|${sourceLabel}` : tool;
}

export interface FindingRow {
  id?: number | string;
  entity_ref: string;
  scope: string;
  fingerprint: string;
  type: string;
  tool: string;
  source_label: string;
  rule_id: string | null;
  vulnerability_id: string | null;
  cwe: string | null;
  severity: string;
  severity_rank: number;
  title: string;
  message: string | null;
  help_uri: string | null;
  package_purl: string | null;
  package_name: string | null;
  installed_version: string | null;
  fixed_version: string | null;
  location_path: string | null;
  location_start_line: number | null;
  location_end_line: number | null;
  status: string;
  reported_status: string;
  suppression_kind: string | null;
  suppression_justification: string | null;
  first_seen: Date | string;
  last_seen: Date | string;
  fixed_at: Date | string | null;
  first_report_id: string;
  last_report_id: string;
}

export interface ComponentRow {
  id: number | string;
  entity_ref: string;
  source_label: string;
  name: string;
  version: string | null;
  purl: string | null;
  type: string | null;
  licenses: string;
  hashes: string | null;
  direct: boolean | number | null;
}

/** SQLite hands back timestamps as epoch milliseconds or strings, PostgreSQL as Dates. */
export function toIso(value: Date | string | number): string {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'number') return new Date(value).toISOString();
  const asNumber = Number(value);
  return new Date(Number.isFinite(asNumber) ? asNumber : value).toISOString();
}

export function toFinding(row: FindingRow): Finding {
  const hasPackage = row.package_purl || row.package_name;
  return {
    id: String(row.id),
    entityRef: row.entity_ref,
    type: row.type as FindingType,
    tool: row.tool,
    source: row.source_label || undefined,
    ruleId: row.rule_id ?? undefined,
    vulnerabilityId: row.vulnerability_id ?? undefined,
    cwe: row.cwe ? row.cwe.split(',') : undefined,
    severity: row.severity as Severity,
    title: row.title,
    message: row.message ?? undefined,
    helpUri: row.help_uri ?? undefined,
    package: hasPackage
      ? {
          purl: row.package_purl ?? undefined,
          name: row.package_name ?? undefined,
          installedVersion: row.installed_version ?? undefined,
          fixedVersion: row.fixed_version ?? undefined,
        }
      : undefined,
    location: row.location_path
      ? {
          path: row.location_path,
          startLine: row.location_start_line ?? undefined,
          endLine: row.location_end_line ?? undefined,
        }
      : undefined,
    fingerprint: row.fingerprint,
    status: row.status as FindingStatus,
    suppression: row.suppression_kind
      ? {
          kind: row.suppression_kind,
          justification: row.suppression_justification ?? undefined,
        }
      : undefined,
    firstSeen: toIso(row.first_seen),
    lastSeen: toIso(row.last_seen),
    fixedAt: row.fixed_at ? toIso(row.fixed_at) : undefined,
  };
}

export function toComponent(row: ComponentRow): Component {
  return {
    id: String(row.id),
    entityRef: row.entity_ref,
    name: row.name,
    version: row.version ?? undefined,
    purl: row.purl ?? undefined,
    type: row.type ?? undefined,
    licenses: parseJson<string[]>(row.licenses) ?? [],
    direct: row.direct === null ? undefined : Boolean(row.direct),
    hashes: row.hashes ? parseJson<Record<string, string>>(row.hashes) : undefined,
    source: row.source_label || undefined,
  };
}

function parseJson<T>(text: string): T | undefined {
  try {
    return JSON.parse(text) as T;
  } catch {
    return undefined;
  }
}
