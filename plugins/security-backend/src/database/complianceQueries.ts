import { Knex } from 'knex';
import { ControlEvidence, ControlStatus, severityRank } from '@devsecops/plugin-security-common';
import { ControlMatcher, FindingsCheckSpec } from '../compliance/catalogueSchema';
import { toIso } from './rows';

/** How many results of one control of one tool an entity has, per status. */
export interface ControlGroup {
  tool: string;
  controlId: string;
  status: ControlStatus;
  count: number;
}

export async function controlGroups(db: Knex, entityRef: string): Promise<ControlGroup[]> {
  const rows: Array<{ tool: string; control_id: string; status: string; n: number | string }> = await db(
    'security_control_results',
  )
    .where({ entity_ref: entityRef })
    .groupBy('tool', 'control_id', 'status')
    .select('tool', 'control_id', 'status', db.raw('count(*) as n'));
  return rows.map(r => ({
    tool: r.tool,
    controlId: r.control_id,
    status: r.status as ControlStatus,
    count: Number(r.n),
  }));
}

export interface FailingControl {
  tool: string;
  controlId: string;
  title: string;
  evidence: ControlEvidence[];
  remediation?: string;
}

/** Failing results of the given controls, a bounded number in all, for evidence. */
export async function failingControls(
  db: Knex,
  entityRef: string,
  controlIds: string[],
  limit: number,
): Promise<FailingControl[]> {
  const found: FailingControl[] = [];
  // chunks keep the IN list under SQLite's bound-parameter limit
  for (let i = 0; i < controlIds.length && found.length < limit; i += 500) {
    const rows: Array<{
      tool: string;
      control_id: string;
      title: string;
      evidence: string;
      remediation: string | null;
    }> = await db(
      'security_control_results',
    )
      .where({ entity_ref: entityRef, status: 'fail' })
      .whereIn('control_id', controlIds.slice(i, i + 500))
      .orderBy('id')
      .limit(limit - found.length)
      .select('tool', 'control_id', 'title', 'evidence', 'remediation');
    found.push(
      ...rows.map(r => ({
        tool: r.tool,
        controlId: r.control_id,
        title: r.title,
        evidence: JSON.parse(r.evidence),
        remediation: r.remediation ?? undefined,
      })),
    );
  }
  return found;
}

/** Restricts a control-results query to results of the given matchers (none: no rows). */
export function whereMatchesAny(query: Knex.QueryBuilder, matchers: ControlMatcher[]) {
  if (matchers.length === 0) {
    query.whereRaw('1 = 0');
    return;
  }
  query.where(outer => {
    for (const m of matchers) {
      outer.orWhere(inner => {
        if (m.source) inner.whereRaw('lower(tool) = ?', [m.source.toLowerCase()]);
        if (m.controlId.endsWith('*')) {
          inner.whereRaw("control_id like ? escape '\\'", [`${escapeLike(m.controlId.slice(0, -1))}%`]);
        } else {
          inner.where('control_id', m.controlId);
        }
      });
    }
  });
}

function escapeLike(text: string) {
  return text.replace(/[\\%_]/g, c => `\\${c}`);
}

export interface OpenFindingsMatch {
  count: number;
  examples: Array<{ title: string; tool: string; path?: string; package?: string; firstSeen: string }>;
}

/** Open findings an over-findings check counts against the entity. */
export async function openFindingsMatching(
  db: Knex,
  entityRef: string,
  spec: FindingsCheckSpec,
  now: Date,
  exampleCount = 3,
): Promise<OpenFindingsMatch> {
  const base = db('security_findings').where({ entity_ref: entityRef, status: 'open' });
  if (spec.type) base.where('type', spec.type);
  if (spec.tool) base.whereRaw('lower(tool) = ?', [spec.tool.toLowerCase()]);
  if (spec.ruleId) base.where('rule_id', spec.ruleId);
  if (spec.minSeverity) base.where('severity_rank', '<=', severityRank(spec.minSeverity));
  if (spec.openForDays !== undefined) {
    base.where('first_seen', '<=', new Date(now.getTime() - spec.openForDays * 86_400_000));
  }
  const [{ n }] = await base.clone().count({ n: '*' });
  const examples =
    exampleCount > 0 && Number(n) > 0
      ? await base
          .clone()
          .orderBy([{ column: 'severity_rank' }, { column: 'first_seen' }])
          .limit(exampleCount)
          .select('title', 'tool', 'location_path', 'package_name', 'first_seen')
      : [];
  return {
    count: Number(n),
    examples: examples.map(e => ({
      title: e.title,
      tool: e.tool,
      path: e.location_path ?? undefined,
      package: e.package_name ?? undefined,
      firstSeen: toIso(e.first_seen),
    })),
  };
}
