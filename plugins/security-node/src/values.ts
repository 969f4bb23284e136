/**
 * Safe readers for untrusted report values: parsers read fields through these so a value of
 * the wrong type becomes "absent" instead of a crash or a prototype lookup.
 */

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An own property of an object, never one inherited from its prototype. */
export function field(value: unknown, key: string): unknown {
  return isObject(value) && Object.prototype.hasOwnProperty.call(value, key)
    ? value[key]
    : undefined;
}

export function str(value: unknown, key?: string, maxLength = 65536): string | undefined {
  const v = key === undefined ? value : field(value, key);
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (typeof v !== 'string') return undefined;
  const trimmed = v.trim();
  if (!trimmed) return undefined;
  return trimmed.length > maxLength ? `${trimmed.slice(0, maxLength)}…` : trimmed;
}

export function num(value: unknown, key?: string): number | undefined {
  const v = key === undefined ? value : field(value, key);
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) {
    return Number(v);
  }
  return undefined;
}

export function arr(value: unknown, key?: string): unknown[] {
  const v = key === undefined ? value : field(value, key);
  return Array.isArray(v) ? v : [];
}

export function obj(value: unknown, key: string): JsonObject | undefined {
  const v = field(value, key);
  return isObject(v) ? v : undefined;
}
