import { Knex } from 'knex';
import { dialectOf } from './dialect';

interface SqliteStatement {
  run(...params: unknown[]): unknown;
}
interface SqliteConnection {
  prepare(sql: string): SqliteStatement;
}

const prepared = new WeakMap<object, Map<string, SqliteStatement>>();

/**
 * On SQLite the statement runs on the transaction's own connection as a cached prepared
 * statement: preparing a multi-row insert anew for every batch was most of its cost.
 */
async function runPrepared(tx: Knex.Transaction, sql: string, bindings: unknown[]) {
  const connection = (await tx.client.acquireConnection()) as SqliteConnection;
  // the connection outlives the transaction; knex's own queries refuse to run after it ended
  if (tx.isCompleted()) throw new Error('The transaction ended before a batch of rows was written');
  let statements = prepared.get(connection);
  if (!statements) {
    statements = new Map();
    prepared.set(connection, statements);
  }
  let statement = statements.get(sql);
  if (!statement) {
    statement = connection.prepare(sql);
    statements.set(sql, statement);
  }
  for (let i = 0; i < bindings.length; i++) {
    const v = bindings[i];
    // what knex's better-sqlite3 dialect does to bindings
    if (v instanceof Date) bindings[i] = v.valueOf();
    else if (typeof v === 'boolean') bindings[i] = Number(v);
  }
  statement.run(bindings);
}

/** The largest power of two that is at most `n` (1 <= n < 2^31). */
function powerOfTwoAtMost(n: number): number {
  return 2 ** (31 - Math.clz32(n));
}

/**
 * A multi-row INSERT (optionally an upsert) whose SQL is built once per row count and then
 * executed with plain bindings. Building the statement through the query builder for every
 * batch cost more than running it; the SQL text itself never changes.
 *
 * Rows are written in statements of power-of-two row counts (a batch of 500 as 256 + 128 + 64
 * + 32 + 16 + 4 rows), so the statements cached stay a dozen at most. With one statement per
 * row count, every report whose last batch had a new length built, prepared and kept another
 * statement of up to thousands of parameters, for the life of the process.
 */
export class BatchInsert<Row extends object> {
  /** SQL per dialect and row count; one process may talk to SQLite and PostgreSQL. */
  private readonly sqlCache = new Map<string, string>();
  private columns?: Array<keyof Row>;

  constructor(
    private readonly table: string,
    private readonly upsert?: { conflict: string[]; merge: string[] },
  ) {}

  async run(tx: Knex.Transaction, rows: Row[]): Promise<void> {
    for (let start = 0; start < rows.length; ) {
      const count = powerOfTwoAtMost(rows.length - start);
      await this.runStatement(tx, rows, start, count);
      start += count;
    }
  }

  private async runStatement(tx: Knex.Transaction, rows: Row[], start: number, count: number) {
    const columns = (this.columns ??= this.columnOrder(tx, rows[start]));
    const dialect = dialectOf(tx);
    const key = `${dialect}:${count}`;
    let sql = this.sqlCache.get(key);
    if (!sql) {
      sql = this.build(tx, rows.slice(start, start + count)).toSQL().sql;
      this.sqlCache.set(key, sql);
    }
    const bindings: unknown[] = new Array(count * columns.length);
    let i = 0;
    for (let r = start; r < start + count; r++) {
      const row = rows[r];
      for (const column of columns) {
        const value = row[column];
        bindings[i++] = value === undefined ? null : value;
      }
    }
    if (dialect === 'sqlite') {
      await runPrepared(tx, sql, bindings);
    } else {
      await tx.raw(sql, bindings as Knex.RawBinding[]);
    }
  }

  private build(tx: Knex.Transaction, rows: object[]) {
    const insert = tx(this.table).insert(rows);
    return this.upsert
      ? insert.onConflict(this.upsert.conflict).merge(this.upsert.merge)
      : insert;
  }

  /** The order in which the builder lays out columns, read off a row of column names. */
  private columnOrder(tx: Knex.Transaction, sample: Row): Array<keyof Row> {
    const names = Object.fromEntries(Object.keys(sample).map(k => [k, k]));
    return this.build(tx, [names]).toSQL().bindings as unknown as Array<keyof Row>;
  }
}
