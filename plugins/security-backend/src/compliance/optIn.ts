import { Entity, parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { ANNOTATION_COMPLIANCE_FRAMEWORKS, FrameworkScore } from '@devsecops/plugin-security-common';

export interface OptIn {
  framework: string;
  by: FrameworkScore['optedInBy'];
}

/** The framework ids an annotation lists (comma, space or newline separated). */
export function frameworksIn(entity: Entity | undefined): string[] {
  const value = entity?.metadata.annotations?.[ANNOTATION_COMPLIANCE_FRAMEWORKS] ?? '';
  return [...new Set(value.split(/[\s,]+/).map(s => s.trim().toLowerCase()).filter(Boolean))];
}

/** The ref of the system the entity belongs to, if it names one. */
export function systemRefOf(entity: Entity): string | undefined {
  const system = (entity.spec as { system?: unknown } | undefined)?.system;
  if (typeof system !== 'string' || !system) return undefined;
  try {
    return stringifyEntityRef(
      parseEntityRef(system, { defaultKind: 'system', defaultNamespace: entity.metadata.namespace ?? 'default' }),
    );
  } catch {
    return undefined;
  }
}

/**
 * What the entity answers to: its own annotation, then its system's, then the portal's
 * defaults. Ids the catalogue does not know are left out.
 */
export function optedInFrameworks(
  entity: Entity,
  system: Entity | undefined,
  defaults: string[],
  known: (id: string) => boolean,
): OptIn[] {
  const seen = new Set<string>();
  const result: OptIn[] = [];
  const add = (ids: string[], by: OptIn['by']) => {
    for (const framework of ids) {
      if (seen.has(framework) || !known(framework)) continue;
      seen.add(framework);
      result.push({ framework, by });
    }
  };
  add(frameworksIn(entity), 'entity');
  add(frameworksIn(system), 'system');
  add(defaults, 'default');
  return result;
}
