import { FINDING_TYPES, SEVERITIES } from '@devsecops/plugin-security-common';
import { z } from 'zod';

const id = z.string().trim().min(1).max(255);

const requirement = z.object({ id, title: z.string().max(1000).default('') });

export const frameworkSchema = z.object({
  id,
  title: z.string().min(1).max(255),
  version: z.string().max(64).optional(),
  url: z.string().max(2000).optional(),
  /** A baseline selects requirements of another framework (FedRAMP Moderate of NIST 800-53). */
  baselineOf: id.optional(),
  source: z.string().max(2000).optional(),
  requirements: z.array(requirement),
});

/** A control result belongs to a check when its tool (if given) and control id match. */
const matcher = z.object({
  source: z.string().max(100).optional(),
  /** Exact, or a prefix when it ends with `*`. */
  controlId: z.string().min(1).max(255),
});

const mapping = z.object({
  framework: id,
  requirements: z.array(z.coerce.string().min(1)).min(1),
  source: z.string().min(1).max(2000),
});

const findingsSpec = z.object({
  type: z.enum(FINDING_TYPES).optional(),
  tool: z.string().max(100).optional(),
  ruleId: z.string().max(255).optional(),
  minSeverity: z.enum(SEVERITIES).optional(),
  openForDays: z.number().int().min(0).optional(),
  /** Tools whose report makes the check assessed; any finding tool when absent. */
  tools: z.array(z.string().max(100)).optional(),
});

export const checkSchema = z
  .object({
    id,
    title: z.string().min(1).max(1000),
    match: z.array(matcher).min(1).optional(),
    findings: findingsSpec.optional(),
    signing: z.object({ artifactKind: z.enum(['image', 'package', 'any']).default('any') }).optional(),
    sbom: z.object({}).optional(),
    maps: z.array(mapping).default([]),
  })
  .refine(
    c => [c.match, c.findings, c.signing, c.sbom].filter(Boolean).length === 1,
    'a check needs exactly one of match, findings, signing or sbom',
  );

export const frameworksFileSchema = z.object({ frameworks: z.array(frameworkSchema) });
export const checksFileSchema = z.object({ checks: z.array(checkSchema) });

export type FrameworkDefinition = z.infer<typeof frameworkSchema>;
export type CheckDefinition = z.infer<typeof checkSchema>;
export type ControlMatcher = z.infer<typeof matcher>;
export type FindingsCheckSpec = z.infer<typeof findingsSpec>;
