import { Knex } from 'knex';

interface PgConnection {
  query(sql: string, values: unknown[]): Promise<unknown>;
}

/**
 * A PostgreSQL bulk upsert that sends one array per column (`insert ... select * from
 * unnest(...)`): the statement has as many parameters as the table has columns, whatever the
 * row count, so it is planned in no time, unlike a multi-row VALUES list with tens of
 * thousands of parameters.
 */
export class PgUnnestUpsert<Row extends object> {
  private readonly sql: string;
  private readonly columns: Array<keyof Row & string>;

  constructor(options: {
    table: string;
    /** Every column with its PostgreSQL type. */
    columns: { [K in keyof Row & string]?: string };
    conflict: string[];
    merge: string[];
  }) {
    this.columns = Object.keys(options.columns) as Array<keyof Row & string>;
    const casts = this.columns.map((c, i) => `$${i + 1}::${options.columns[c]}[]`);
    const updates = options.merge.map(c => `${c} = excluded.${c}`).join(', ');
    this.sql = [
      `insert into ${options.table} (${this.columns.join(', ')})`,
      `select * from unnest(${casts.join(', ')})`,
      `on conflict (${options.conflict.join(', ')}) do update set ${updates}`,
    ].join(' ');
  }

  async run(tx: Knex.Transaction, rows: Row[]): Promise<void> {
    if (rows.length === 0) return;
    const arrays = this.columns.map(c => rows.map(r => r[c] ?? null));
    // the transaction's own connection: knex would expand array bindings into lists
    const connection = (await tx.client.acquireConnection()) as PgConnection;
    // once the transaction ended, the connection is back in the pool
    if (tx.isCompleted()) throw new Error('The transaction ended before a batch of rows was written');
    await connection.query(this.sql, arrays);
  }
}
