import { Knex } from 'knex';

/** Which database a knex client (or transaction) talks to; the store writes each its own way. */
export function dialectOf(db: Knex): 'postgres' | 'sqlite' | 'other' {
  const client = String(db.client.config.client);
  if (client === 'pg' || client.startsWith('postgres')) return 'postgres';
  if (client.includes('sqlite')) return 'sqlite';
  return 'other';
}
