import { Knex } from 'knex';
import { Component, ComponentsQuery, Page } from '@devsecops/plugin-security-common';
import { keysetPage } from './keysetPage';
import { ComponentRow, toComponent } from './rows';
import { whereTextMatches } from './textSearch';

/** One page of an entity's SBOM components, by name. */
export async function listComponents(
  db: Knex,
  entityRef: string,
  query: ComponentsQuery,
): Promise<Page<Component>> {
  const filtered = db<ComponentRow>('security_components').where({ entity_ref: entityRef });
  if (query.q) whereTextMatches(filtered, query.q, ['name', 'purl', 'version']);
  if (query.license) whereTextMatches(filtered, query.license, ['licenses']);
  return keysetPage({ filtered, column: 'name', cursor: query.cursor, limit: query.limit, toItem: toComponent });
}
