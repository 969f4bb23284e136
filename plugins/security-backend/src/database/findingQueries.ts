import { Knex } from 'knex';
import { Finding, FindingsQuery, Page } from '@devsecops/plugin-security-common';
import { decodeCursor, encodeCursor } from './cursor';
import { FindingRow, toFinding } from './rows';
import { whereTextMatches } from './textSearch';

const SORT_COLUMNS = {
  severity: 'severity_rank',
  lastSeen: 'last_seen',
  firstSeen: 'first_seen',
  title: 'title',
} as const;

export const DEFAULT_LIMIT = 50;

/** One page of an entity's findings, keyset-paginated so deep pages cost what the first does. */
export async function listFindings(
  db: Knex,
  entityRef: string,
  query: FindingsQuery,
): Promise<Page<Finding>> {
  const sort = query.sort ?? 'severity';
  const column = SORT_COLUMNS[sort];
  const descending = (query.order ?? (sort === 'title' ? 'asc' : 'desc')) === 'desc';
  // "Descending severity" means most severe first, which is the lowest rank.
  const ascendingColumn = sort === 'severity' ? descending : !descending;
  const direction = ascendingColumn ? 'asc' : 'desc';
  const limit = query.limit ?? DEFAULT_LIMIT;

  const filtered = db<FindingRow>('security_findings').where({ entity_ref: entityRef });
  if (query.type?.length) filtered.whereIn('type', query.type);
  if (query.severity?.length) filtered.whereIn('severity', query.severity);
  if (query.status?.length) filtered.whereIn('status', query.status);
  if (query.tool?.length) filtered.whereIn('tool', query.tool);
  if (query.q) {
    whereTextMatches(filtered, query.q, [
      'title',
      'message',
      'rule_id',
      'vulnerability_id',
      'package_name',
      'location_path',
    ]);
  }

  const page = filtered.clone();
  if (query.cursor) {
    const { value, id } = decodeCursor(query.cursor);
    const op = direction === 'asc' ? '>' : '<';
    page.where(q =>
      q.where(column, op, value).orWhere(q2 => q2.where(column, value).andWhere('id', op, id)),
    );
  }
  const [rows, [{ n }]] = await Promise.all([
    page.orderBy([
      { column, order: direction },
      { column: 'id', order: direction },
    ]).limit(limit + 1).select('*'),
    filtered.clone().count({ n: '*' }),
  ]);
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return {
    items: items.map(toFinding),
    totalCount: Number(n),
    nextCursor:
      rows.length > limit && last
        ? encodeCursor({ value: cursorValue(last[column]), id: Number(last.id) })
        : undefined,
  };
}

function cursorValue(value: unknown): string | number | null {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'number' || typeof value === 'string') return value;
  return null;
}
