import { Knex } from 'knex';
import { Component, ComponentsQuery, Page } from '@devsecops/plugin-security-common';
import { decodeCursor, encodeCursor } from './cursor';
import { ComponentRow, toComponent } from './rows';
import { whereTextMatches } from './textSearch';
import { DEFAULT_LIMIT } from './findingQueries';

/** One page of an entity's SBOM components, by name. */
export async function listComponents(
  db: Knex,
  entityRef: string,
  query: ComponentsQuery,
): Promise<Page<Component>> {
  const limit = query.limit ?? DEFAULT_LIMIT;
  const filtered = db<ComponentRow>('security_components').where({ entity_ref: entityRef });
  if (query.q) whereTextMatches(filtered, query.q, ['name', 'purl', 'version']);
  if (query.license) whereTextMatches(filtered, query.license, ['licenses']);
  const page = filtered.clone();
  if (query.cursor) {
    const { value, id } = decodeCursor(query.cursor);
    page.where(q =>
      q.where('name', '>', value).orWhere(q2 => q2.where('name', value).andWhere('id', '>', id)),
    );
  }
  const [rows, [{ n }]] = await Promise.all([
    page.orderBy([{ column: 'name' }, { column: 'id' }]).limit(limit + 1).select('*'),
    filtered.clone().count({ n: '*' }),
  ]);
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return {
    items: items.map(toComponent),
    totalCount: Number(n),
    nextCursor:
      rows.length > limit && last
        ? encodeCursor({ value: last.name, id: Number(last.id) })
        : undefined,
  };
}
