import { Knex } from 'knex';
import { ReportReceipt } from '@devsecops/plugin-security-common';
import { IngestContext, IngestWriter } from './IngestWriter';
import { writeSummary } from './summaries';

/**
 * Everything an ingest does after the parser finished, in the same transaction: close the
 * lifecycle of findings the tools no longer report, replace the entity's SBOM, apply VEX,
 * record the scans and refresh the entity summary.
 */
export async function finishIngest(
  tx: Knex.Transaction,
  writer: IngestWriter,
  ctx: IngestContext,
): Promise<ReportReceipt['counts']> {
  const perScope = new Map<string, number>();
  const counted: Array<{ scope: string; n: number | string }> = await tx(
    'security_findings',
  )
    .where({ last_report_id: ctx.reportId })
    .groupBy('scope')
    .select('scope', tx.raw('count(*) as n'));
  for (const row of counted) perScope.set(String(row.scope), Number(row.n));

  for (const [scope, tool] of writer.scans) {
    // Findings and control results of a scope always come with a scan: on the first report
    // of a tool for the entity there is nothing older to close (and nothing to scan for it).
    const reportedBefore = await tx('security_scans')
      .where({ entity_ref: ctx.entityRef, scope })
      .first('id');
    if (reportedBefore) {
      // A newer report of the same tool and label no longer contains these: they are fixed.
      await tx('security_findings')
        .where({ entity_ref: ctx.entityRef, scope })
        .whereNot({ last_report_id: ctx.reportId })
        .whereNot({ status: 'fixed' })
        .update({ status: 'fixed', fixed_at: ctx.now });
      // a tool's newer report replaces its control results
      await tx('security_control_results')
        .where({ entity_ref: ctx.entityRef, scope })
        .whereNot({ report_id: ctx.reportId })
        .delete();
    }
    await tx('security_scans').insert({
      report_id: ctx.reportId,
      entity_ref: ctx.entityRef,
      scope,
      tool: tool.name.slice(0, 100),
      tool_version: tool.version?.slice(0, 100) ?? null,
      source_label: ctx.sourceLabel,
      finding_count: perScope.get(scope) ?? 0,
      scanned_at: ctx.now,
    });
  }

  if (writer.componentCount > 0) await replaceSbom(tx, writer, ctx);
  await applyVex(tx, ctx.entityRef);

  const findings = [...perScope.values()].reduce((a, b) => a + b, 0);
  const counts = {
    findings,
    components: writer.componentCount,
    attestations: writer.attestationCount,
    controls: writer.controlCount,
  };
  await tx('security_reports').where({ id: ctx.reportId }).update({
    finding_count: counts.findings,
    component_count: counts.components,
    attestation_count: counts.attestations,
    control_count: counts.controls,
  });
  await writeSummary(tx, ctx.entityRef, ctx.now);
  return counts;
}

/** The newest SBOM for an entity and source label replaces the previous one. */
async function replaceSbom(
  tx: Knex.Transaction,
  writer: IngestWriter,
  ctx: IngestContext,
) {
  await tx('security_components')
    .where({ entity_ref: ctx.entityRef, source_label: ctx.sourceLabel })
    .whereNot({ report_id: ctx.reportId })
    .delete();
  const root = writer.sbomRootRef;
  if (!root) return;
  const hasGraph = await tx('security_component_edges')
    .where({ report_id: ctx.reportId, from_ref: root })
    .first();
  if (!hasGraph) return;
  const directRefs = tx('security_component_edges')
    .where({ report_id: ctx.reportId, from_ref: root })
    .select('to_ref');
  await tx('security_components')
    .where({ report_id: ctx.reportId })
    .update({ direct: false });
  await tx('security_components')
    .where({ report_id: ctx.reportId })
    .whereIn('ref', directRefs)
    .update({ direct: true });
  // the described artifact itself is neither a direct nor a transitive dependency
  await tx('security_components')
    .where({ report_id: ctx.reportId, ref: root })
    .update({ direct: null });
}

/**
 * Applies the entity's VEX statements, the newest per vulnerability winning. `not_affected`
 * and `fixed` suppress matching open findings with the justification kept; `affected` and
 * `under_investigation` give back findings an earlier statement had suppressed.
 */
async function applyVex(tx: Knex.Transaction, entityRef: string) {
  const statements = await tx('security_vex_statements')
    .where({ entity_ref: entityRef })
    .orderBy('id', 'asc')
    .select('vulnerability_id', 'products', 'status', 'justification');
  if (statements.length === 0) return;
  const latest = new Map<string, (typeof statements)[number]>();
  for (const s of statements) {
    latest.set(`${s.vulnerability_id}\u0000${s.products}`, s);
  }
  for (const s of latest.values()) {
    const products = JSON.parse(s.products) as string[];
    const query = tx('security_findings')
      .where({ entity_ref: entityRef, vulnerability_id: s.vulnerability_id })
      .whereNot({ status: 'fixed' });
    if (products.length > 0) {
      query.where(q => {
        for (const p of products) {
          const base = p.replace(/[?#].*$/, '');
          q.orWhere('package_purl', p).orWhere('package_purl', 'like', `${base}%`);
        }
      });
    }
    if (s.status === 'not_affected' || s.status === 'fixed') {
      await query.update({
        status: 'suppressed',
        suppression_kind: `vex:${s.status}`,
        suppression_justification: s.justification,
      });
    } else {
      await query
        .where('suppression_kind', 'like', 'vex:%')
        .update({
          status: tx.ref('reported_status'),
          suppression_kind: null,
          suppression_justification: null,
        });
    }
  }
}
