import { Knex } from 'knex';
import { Page } from '@devsecops/plugin-security-common';
import { decodeCursor, encodeCursor } from './cursor';

export const DEFAULT_LIMIT = 50;

/**
 * One page of a filtered query, ordered by a column and then id, continuing after the cursor's
 * row: deep pages cost what the first does. The count covers the whole filtered set.
 */
export async function keysetPage<Row, Item>(options: {
  filtered: Knex.QueryBuilder;
  column: string;
  direction?: 'asc' | 'desc';
  cursor?: string;
  limit?: number;
  toItem(row: Row): Item;
}): Promise<Page<Item>> {
  const { filtered, column, direction = 'asc' } = options;
  const limit = options.limit ?? DEFAULT_LIMIT;
  const page = filtered.clone();
  if (options.cursor) {
    const { value, id } = decodeCursor(options.cursor);
    const op = direction === 'asc' ? '>' : '<';
    page.where(q =>
      q.where(column, op, value).orWhere(q2 => q2.where(column, value).andWhere('id', op, id)),
    );
  }
  const [rows, [{ n }]] = await Promise.all([
    page
      .orderBy([
        { column, order: direction },
        { column: 'id', order: direction },
      ])
      .limit(limit + 1)
      .select('*') as Promise<Row[]>,
    filtered.clone().count({ n: '*' }) as Promise<Array<{ n: number | string }>>,
  ]);
  const items = rows.slice(0, limit);
  const last = items[items.length - 1] as Record<string, unknown> | undefined;
  return {
    items: items.map(options.toItem),
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
