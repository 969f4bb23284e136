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

/**
 * A multi-row INSERT (optionally an upsert) whose SQL is built once per row count and then
 * executed with plain bindings. Building the statement through the query builder for every
 * batch cost more than running it; the SQL text itself never changes.
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
    if (rows.length === 0) return;
    const columns = (this.columns ??= this.columnOrder(tx, rows[0]));
    const key = `${dialectOf(tx)}:${rows.length}`;
    let sql = this.sqlCache.get(key);
    if (!sql) {
      sql = this.build(tx, rows).toSQL().sql;
      this.sqlCache.set(key, sql);
    }
    const bindings: unknown[] = new Array(rows.length * columns.length);
    let i = 0;
    for (const row of rows) {
      for (const column of columns) {
        const value = row[column];
        bindings[i++] = value === undefined ? null : value;
      }
    }
    if (dialectOf(tx) === 'sqlite') {
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
