import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { readFileSync } from 'node:fs';

/** This package's version, from its package.json (in the monorepo and when installed). */
export function packageVersion(): string {
  const file = resolvePackagePath(
    '@devsecops/plugin-scaffolder-backend-module-security',
    'package.json',
  );
  return String(JSON.parse(readFileSync(file, 'utf8')).version);
}
