import { Knex } from 'knex';
import {
  ControlResult,
  ControlStatus,
  ControlsQuery,
  Page,
  Severity,
} from '@devsecops/plugin-security-common';
import { decodeCursor, encodeCursor } from './cursor';
import { DEFAULT_LIMIT } from './findingQueries';
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
): Promise<Page<ControlResult>> {
  const limit = query.limit ?? DEFAULT_LIMIT;
  const filtered = db<ControlRow>('security_control_results').where({ entity_ref: entityRef });
  if (query.status?.length) filtered.whereIn('status', query.status);
  if (query.source?.length) filtered.whereIn('tool', query.source);
  if (query.q) whereTextMatches(filtered, query.q, ['title', 'control_id']);
  const page = filtered.clone();
  if (query.cursor) {
    const { value, id } = decodeCursor(query.cursor);
    page.where(q =>
      q
        .where('status_rank', '>', Number(value))
        .orWhere(q2 => q2.where('status_rank', Number(value)).andWhere('id', '>', id)),
    );
  }
  const [rows, [{ n }]] = await Promise.all([
    page.orderBy([{ column: 'status_rank' }, { column: 'id' }]).limit(limit + 1).select('*'),
    filtered.clone().count({ n: '*' }),
  ]);
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return {
    items: items.map(toControl),
    totalCount: Number(n),
    nextCursor:
      rows.length > limit && last
        ? encodeCursor({ value: Number(last.status_rank), id: Number(last.id) })
        : undefined,
  };
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
