import { CompoundEntityRef, parseEntityRef } from '@backstage/catalog-model';

/** The `/entities/{kind}/{namespace}/{name}` path segment of an entity. */
export function entityPath(entityRef: string | CompoundEntityRef): string {
  const ref =
    typeof entityRef === 'string' ? parseEntityRef(entityRef) : entityRef;
  return [ref.kind, ref.namespace, ref.name]
    .map(s => encodeURIComponent(s.toLocaleLowerCase('en-US')))
    .join('/');
}
