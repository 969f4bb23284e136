import { Knex } from 'knex';
import {
  CONTROL_STATUSES,
  ControlCounts,
  ControlStatus,
  StoredSummary,
  FindingType,
  SEVERITIES,
  Severity,
  SeverityCounts,
  ToolReport,
} from '@devsecops/plugin-security-common';
import { toIso } from './rows';

function zeroCounts(): SeverityCounts {
  return Object.fromEntries(SEVERITIES.map(s => [s, 0])) as SeverityCounts;
}

export function emptySummary(entityRef: string): StoredSummary {
  return {
    entityRef,
    totals: { open: 0, fixed: 0, suppressed: 0 },
    bySeverity: zeroCounts(),
    byType: {},
    byTool: {},
    components: 0,
    lastReports: [],
    controls: Object.fromEntries(CONTROL_STATUSES.map(c => [c, 0])) as ControlCounts,
  };
}

/** Recomputes an entity's summary from its rows; runs inside the ingest transaction. */
export async function writeSummary(db: Knex, entityRef: string, now: Date) {
  const summary = emptySummary(entityRef);
  const groups: Array<{
    status: string;
    severity: string;
    type: string;
    tool: string;
    n: number | string;
  }> = await db('security_findings')
    .where({ entity_ref: entityRef })
    .groupBy('status', 'severity', 'type', 'tool')
    .select('status', 'severity', 'type', 'tool', db.raw('count(*) as n'));
  for (const g of groups) {
    const n = Number(g.n);
    const status = g.status as keyof StoredSummary['totals'];
    summary.totals[status] = (summary.totals[status] ?? 0) + n;
    if (status !== 'open') continue;
    const severity = g.severity as Severity;
    summary.bySeverity[severity] += n;
    const type = g.type as FindingType;
    summary.byType[type] = (summary.byType[type] ?? 0) + n;
    const tool = String(g.tool);
    summary.byTool[tool] ??= zeroCounts();
    summary.byTool[tool][severity] += n;
  }
  const [{ n: components }] = await db('security_components')
    .where({ entity_ref: entityRef })
    .count({ n: '*' });
  summary.components = Number(components);
  const controls: Array<{ status: string; n: number | string }> = await db('security_control_results')
    .where({ entity_ref: entityRef })
    .groupBy('status')
    .select('status', db.raw('count(*) as n'));
  for (const c of controls) summary.controls[c.status as ControlStatus] = Number(c.n);

  const latestScans = db('security_scans')
    .where({ entity_ref: entityRef })
    .groupBy('scope')
    .max({ id: 'id' });
  const scans = await db('security_scans as s')
    .join('security_reports as r', 'r.id', 's.report_id')
    .whereIn('s.id', latestScans)
    .orderBy('s.scanned_at', 'desc')
    .select('s.tool', 's.tool_version', 's.source_label', 's.report_id', 's.finding_count', 's.scanned_at', 'r.format');
  summary.lastReports = scans.map(
    (s): ToolReport => ({
      tool: s.tool,
      toolVersion: s.tool_version ?? undefined,
      source: s.source_label || undefined,
      reportId: s.report_id,
      format: s.format,
      receivedAt: toIso(s.scanned_at),
      findings: Number(s.finding_count),
    }),
  );
  summary.updatedAt = now.toISOString();

  await db('security_entity_summaries')
    .insert({ entity_ref: entityRef, summary: JSON.stringify(summary), updated_at: now })
    .onConflict('entity_ref')
    .merge(['summary', 'updated_at']);
}

/** One row read: summaries are written with every ingest, never computed on read. */
export async function readSummary(db: Knex, entityRef: string): Promise<StoredSummary> {
  const row = await db('security_entity_summaries')
    .where({ entity_ref: entityRef })
    .first('summary');
  // summaries written before control results existed lack their counts
  return row ? { ...emptySummary(entityRef), ...JSON.parse(row.summary) } : emptySummary(entityRef);
}
