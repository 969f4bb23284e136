import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { Catalogue } from './Catalogue';
import {
  CheckDefinition,
  FrameworkDefinition,
  checkSchema,
  checksFileSchema,
  frameworkSchema,
  frameworksFileSchema,
} from './catalogueSchema';

/** The catalogue shipped with the plugin: `frameworks.yaml` and every file in `checks/`. */
export function shippedCatalogueDir(): string {
  return resolvePackagePath('@devsecops/plugin-security-backend', 'catalogue');
}

/** Reads a catalogue directory; each file is validated and named in any error. */
export function readCatalogueDir(dir: string): {
  frameworks: FrameworkDefinition[];
  checks: CheckDefinition[];
} {
  const frameworks = readFile(path.join(dir, 'frameworks.yaml'), frameworksFileSchema).frameworks;
  const checkDir = path.join(dir, 'checks');
  const checks = fs
    .readdirSync(checkDir)
    .filter(f => f.endsWith('.yaml'))
    .sort()
    .flatMap(f => readFile(path.join(checkDir, f), checksFileSchema).checks);
  const seen = new Set<string>();
  for (const check of checks) {
    if (seen.has(check.id)) throw new InputError(`Check ${check.id} is defined twice in ${dir}`);
    seen.add(check.id);
  }
  return { frameworks, checks };
}

/**
 * The shipped catalogue extended from config: `security.compliance.frameworks` adds frameworks
 * or requirements, `security.compliance.checks` adds checks or replaces shipped ones by id.
 */
export function loadCatalogue(config: Config, dir = shippedCatalogueDir()): Catalogue {
  const shipped = readCatalogueDir(dir);
  const extraFrameworks = fromConfig(config, 'security.compliance.frameworks', z.array(frameworkSchema));
  const extraChecks = fromConfig(config, 'security.compliance.checks', z.array(checkSchema));
  return new Catalogue([...shipped.frameworks, ...extraFrameworks], [...shipped.checks, ...extraChecks]);
}

function readFile<T>(file: string, schema: z.ZodType<T, z.ZodTypeDef, unknown>): T {
  const parsed = schema.safeParse(parse(fs.readFileSync(file, 'utf8')));
  if (!parsed.success) throw new InputError(`${file}: ${describe(parsed.error)}`);
  return parsed.data;
}

function fromConfig<T>(config: Config, key: string, schema: z.ZodType<T[], z.ZodTypeDef, unknown>): T[] {
  const raw = config.getOptional(key);
  if (raw === undefined) return [];
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new InputError(`Config ${key}: ${describe(parsed.error)}`);
  return parsed.data;
}

function describe(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map(i => `${i.path.join('.') || '(root)'}: ${i.message}`)
    .join('; ');
}
