import { Knex } from 'knex';

/** Case-insensitive substring match on any of the columns; LIKE wildcards in the text are literal. */
export function whereTextMatches(
  query: Knex.QueryBuilder,
  text: string,
  columns: string[],
): void {
  const pattern = `%${text.toLowerCase().replace(/[\\%_]/g, c => `\\${c}`)}%`;
  query.where(q => {
    for (const column of columns) {
      q.orWhereRaw(`lower(??) like ? escape '\\'`, [column, pattern]);
    }
  });
}
