import { JsonObject, field, obj, str } from '@devsecops/plugin-security-node';
import { ContainerRef, Violation, Workload } from './types';

/** A security context with who set it: the pod, or one container. */
export interface SecurityContextRef {
  context: JsonObject | undefined;
  /** Path of the `securityContext` field itself. */
  path: string;
  who: string;
}

export function containerContext(container: ContainerRef): JsonObject | undefined {
  return obj(container.container, 'securityContext');
}

export function podContext(workload: Workload): JsonObject | undefined {
  return obj(workload.spec, 'securityContext');
}

/** The pod's security context first, then each container's. */
export function securityContexts(workload: Workload): SecurityContextRef[] {
  return [
    { context: podContext(workload), path: `${workload.specPath}.securityContext`, who: 'the pod' },
    ...workload.containers.map(c => ({
      context: containerContext(c),
      path: `${c.path}.securityContext`,
      who: `container '${c.name}'`,
    })),
  ];
}

/** Only a real boolean counts: the API server rejects `"true"`, so it would never run. */
export function isTrue(value: unknown, key: string): boolean {
  return field(value, key) === true;
}

export function isSet(value: unknown, key: string): boolean {
  const v = field(value, key);
  return v !== undefined && v !== null;
}

export function isWindowsPod(workload: Workload): boolean {
  return str(obj(workload.spec, 'os'), 'name') === 'windows';
}

/** `hostUsers: false` runs the pod in a user namespace, which relaxes some rules. */
export function usesUserNamespace(workload: Workload): boolean {
  return field(workload.spec, 'hostUsers') === false;
}

/** A value for a message: strings as they are, other types by what they are. */
export function shown(value: unknown): string {
  if (typeof value === 'string') return value.length > 100 ? `${value.slice(0, 100)}…` : value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return value === null ? 'null' : `a ${Array.isArray(value) ? 'list' : typeof value}`;
}

export function annotationPath(workload: Workload, key: string): string {
  return `${workload.metadataPath}.annotations[${JSON.stringify(key)}]`;
}

export function violation(workload: Workload, path: string | undefined, message: string): Violation {
  return { resource: workload.resource, field: path, message };
}
