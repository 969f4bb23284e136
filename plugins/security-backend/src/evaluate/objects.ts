import { field, obj, str } from '@devsecops/plugin-security-node';

/** The API group of an object (`''` for the core group), undefined without an apiVersion. */
export function apiGroup(object: unknown): string | undefined {
  const apiVersion = str(object, 'apiVersion', 253);
  if (apiVersion === undefined) return undefined;
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/** The object's namespace; `default` when the manifest leaves it to the one applying it. */
export function namespaceOf(object: unknown): string {
  return str(obj(object, 'metadata'), 'namespace', 63) ?? 'default';
}

export function nameOf(object: unknown): string {
  return str(obj(object, 'metadata'), 'name', 253) ?? '(unnamed)';
}

/** `Kind/namespace/name`, the form evidence names resources in. */
export function resourceName(kind: string, namespace: string, name: string): string {
  return `${kind}/${namespace}/${name}`;
}

/** `Namespace/name`: a namespace has no namespace of its own. */
export function namespaceResource(namespace: string): string {
  return `Namespace/${namespace}`;
}

export function objectResource(object: unknown): string {
  return resourceName(str(object, 'kind') ?? 'Object', namespaceOf(object), nameOf(object));
}

/** A label or annotation value as written; YAML may have typed `true` or `1` unquoted. */
export function metadataValue(map: unknown, key: string): string | undefined {
  const value = field(map, key);
  return typeof value === 'boolean' ? String(value) : str(value, undefined, 1024);
}
