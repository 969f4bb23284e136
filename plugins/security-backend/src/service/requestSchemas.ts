import { InputError } from '@backstage/errors';
import { z } from 'zod';
import {
  FINDING_SORT_FIELDS,
  FINDING_STATUSES,
  FINDING_TYPES,
  CONTROL_STATUSES,
  SEVERITIES,
} from '@devsecops/plugin-security-common';

/** Query values may arrive once (`a=x`), repeated (`a=x&a=y`) or comma-separated (`a=x,y`). */
const list = <T extends readonly [string, ...string[]]>(values: T) =>
  z
    .union([z.string(), z.array(z.string())])
    .transform(v => (Array.isArray(v) ? v : [v]).flatMap(s => s.split(',')).filter(Boolean))
    .pipe(z.array(z.enum(values)));

const limit = z.coerce.number().int().min(1).max(500).optional();
const text = z.string().max(200).optional();
const cursor = z.string().max(2000).optional();

export const uploadQuerySchema = z.object({
  entityRef: z.string().min(1).max(255),
  source: z
    .string()
    .max(200)
    .regex(/^[\w.:/@+-]*$/, 'may hold letters, digits and . : / @ + - _')
    .optional(),
  format: z.string().max(64).optional(),
  artifact: z.string().trim().min(1).max(1024).optional(),
});

export const findingsQuerySchema = z.object({
  type: list(FINDING_TYPES).optional(),
  severity: list(SEVERITIES).optional(),
  status: list(FINDING_STATUSES).optional(),
  tool: z
    .union([z.string().max(100), z.array(z.string().max(100))])
    .transform(v => (Array.isArray(v) ? v : [v]).flatMap(s => s.split(',')).filter(Boolean))
    .optional(),
  q: text,
  sort: z.enum(FINDING_SORT_FIELDS).optional(),
  order: z.enum(['asc', 'desc']).optional(),
  limit,
  cursor,
});

export const componentsQuerySchema = z.object({
  q: text,
  license: text,
  limit,
  cursor,
});

/** Validates request input, turning every problem into one 400 that names the fields. */
export function parseInput<T>(schema: z.ZodType<T, z.ZodTypeDef, unknown>, input: unknown): T {
  const result = schema.safeParse(input);
  if (!result.success) {
    const problems = result.error.issues
      .map(i => `${i.path.join('.') || 'input'}: ${i.message}`)
      .join('; ');
    throw new InputError(`Invalid request: ${problems}`);
  }
  return result.data;
}

export const controlsQuerySchema = z.object({
  framework: z.string().max(100).optional(),
  status: list(CONTROL_STATUSES).optional(),
  source: z
    .union([z.string().max(100), z.array(z.string().max(100))])
    .transform(v => (Array.isArray(v) ? v : [v]).flatMap(s => s.split(',')).filter(Boolean))
    .optional(),
  q: text,
  limit,
  cursor,
});
