import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { TemplateEntityV1beta3 } from '@backstage/plugin-scaffolder-common';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { parameterErrors } from './renderTemplate';

/** The repository's software templates: `templates/<name>/template.yaml`. */
export const TEMPLATES_DIR = resolvePackagePath(
  '@devsecops/plugin-scaffolder-backend-module-security',
  '../../templates',
);

export interface TemplateVariant {
  /** The template's folder name, e.g. `node-service`. */
  template: string;
  templateFile: string;
  /** e.g. `tekton@gitlab.com/Acme/payments.api pci-dss-4.0 istio HIGH` */
  id: string;
  parameters: Record<string, unknown>;
}

/** The folders of `dir` that hold a `template.yaml` (synchronous, for `describe.each`). */
export function listTemplates(dir = TEMPLATES_DIR): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter(
      e => e.isDirectory() && existsSync(join(dir, e.name, 'template.yaml')),
    )
    .map(e => e.name)
    .sort();
}

/** A property of the form, from whichever page defines it. */
function property(
  template: TemplateEntityV1beta3,
  name: string,
): Record<string, any> | undefined {
  for (const page of [template.spec.parameters ?? []].flat()) {
    const found = (page.properties as Record<string, any> | undefined)?.[name];
    if (found) return found;
  }
  return undefined;
}

function enumOf(template: TemplateEntityV1beta3, name: string): string[] {
  const values = property(template, name)?.enum;
  if (!Array.isArray(values) || values.length === 0) {
    throw new Error(`${template.metadata.name} has no enum parameter ${name}`);
  }
  return values;
}

/**
 * Every combination the form allows of CI system × repository host × compliance profile ×
 * service mesh, read from the template's own schema (a new choice there is a new variant).
 * The form itself decides what is allowed: a combination whose values its schema rejects
 * (GitHub Actions on gitlab.com, GitLab CI on github.com) is left out.
 *
 * Values that do not change which files exist take turns across the variants, so that each
 * CI system sees each of them: the severity threshold, a repository name with a dot (it must
 * be escaped in the signer identity's regular expression) or without, and an explicit image
 * name or the default one. The description is the same everywhere and chosen to be awkward
 * for YAML and JSON (`: `, ` #`, `&`, `<`, `{`).
 */
export function templateVariants(
  template: string,
  dir = TEMPLATES_DIR,
): TemplateVariant[] {
  const templateFile = join(dir, template, 'template.yaml');
  // Only the form is read here; renderTemplate validates the whole entity.
  const entity = parseYaml(
    readFileSync(templateFile, 'utf8'),
  ) as TemplateEntityV1beta3;
  const hosts: string[] =
    property(entity, 'repoUrl')?.['ui:options']?.allowedHosts ?? [];
  if (hosts.length === 0) {
    throw new Error(`${entity.metadata.name}: repoUrl lists no allowedHosts`);
  }
  const severities = enumOf(entity, 'severityThreshold');
  const variants: TemplateVariant[] = [];
  for (const ciSystem of enumOf(entity, 'ciSystem')) {
    for (const host of hosts) {
      for (const complianceProfile of enumOf(entity, 'complianceProfile')) {
        for (const serviceMesh of enumOf(entity, 'serviceMesh')) {
          const turn = variants.length;
          const severityThreshold = severities[turn % severities.length];
          const repo =
            Math.floor(turn / 2) % 2 ? 'payments.api' : 'payments-api';
          const imageName =
            Math.floor(turn / 4) % 2 ? 'platform/payments-api' : undefined;
          const parameters: Record<string, unknown> = {
            name: 'payments-api',
            description: 'Takes payments: fast & safe, <b>{ok}</b> #1',
            owner: 'group:default/team-payments',
            system: 'system:default/payments',
            ciSystem,
            repoUrl: `${host}?owner=Acme&repo=${repo}`,
            registry: host === 'gitlab.com' ? 'registry.gitlab.com' : 'ghcr.io',
            complianceProfile,
            severityThreshold,
            serviceMesh,
            ...(imageName ? { imageName } : {}),
            ...(ciSystem === 'tekton'
              ? {
                  clusterOidcIssuer:
                    'https://rh-oidc.s3.us-east-1.amazonaws.com/27bd6cg0vs7nn08mue83fbof94dj4m9a',
                }
              : {}),
          };
          if (parameterErrors(entity, parameters).length > 0) continue;
          variants.push({
            template,
            templateFile,
            id: [
              `${ciSystem}@${host}/Acme/${repo}`,
              complianceProfile,
              serviceMesh,
              severityThreshold,
              ...(imageName ? [`image ${imageName}`] : []),
            ].join(' '),
            parameters,
          });
        }
      }
    }
  }
  return variants;
}
