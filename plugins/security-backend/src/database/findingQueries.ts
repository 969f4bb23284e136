import { Knex } from 'knex';
import { Finding, FindingsQuery, Page } from '@devsecops/plugin-security-common';
import { keysetPage } from './keysetPage';
import { FindingRow, toFinding } from './rows';
import { whereTextMatches } from './textSearch';

const SORT_COLUMNS = {
  severity: 'severity_rank',
  lastSeen: 'last_seen',
  firstSeen: 'first_seen',
  title: 'title',
} as const;

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

  return keysetPage({ filtered, column, direction, cursor: query.cursor, limit: query.limit, toItem: toFinding });
}
