import { Knex } from 'knex';
import {
  ControlResult,
  ControlStatus,
  ControlsQuery,
  Page,
  Severity,
} from '@devsecops/plugin-security-common';
import { keysetPage } from './keysetPage';
import { ControlMatcher } from '../compliance/catalogueSchema';
import { whereMatchesAny } from './complianceQueries';
import { toIso } from './rows';
import { whereTextMatches } from './textSearch';

interface ControlRow {
  id: number | string;
  entity_ref: string;
  tool: string;
  source_label: string;
  control_id: string;
  benchmark: string | null;
  title: string;
  status: string;
  status_rank: number;
  severity: string | null;
  evidence: string;
  remediation: string | null;
  recorded_at: Date | string;
}

/** One page of an entity's control results, failures first. */
export async function listControls(
  db: Knex,
  entityRef: string,
  query: ControlsQuery,
  matchers?: ControlMatcher[],
): Promise<Page<ControlResult>> {
  const filtered = db<ControlRow>('security_control_results').where({ entity_ref: entityRef });
  if (matchers) whereMatchesAny(filtered, matchers);
  if (query.status?.length) filtered.whereIn('status', query.status);
  if (query.source?.length) filtered.whereIn('tool', query.source);
  if (query.q) whereTextMatches(filtered, query.q, ['title', 'control_id']);
  return keysetPage({
    filtered,
    column: 'status_rank',
    cursor: query.cursor,
    limit: query.limit,
    toItem: toControl,
  });
}

function toControl(row: ControlRow): ControlResult {
  return {
    id: String(row.id),
    entityRef: row.entity_ref,
    source: row.tool,
    sourceLabel: row.source_label || undefined,
    controlId: row.control_id,
    benchmark: row.benchmark ?? undefined,
    title: row.title,
    status: row.status as ControlStatus,
    severity: (row.severity ?? undefined) as Severity | undefined,
    evidence: JSON.parse(row.evidence),
    remediation: row.remediation ?? undefined,
    recordedAt: toIso(row.recorded_at)!,
  };
}
