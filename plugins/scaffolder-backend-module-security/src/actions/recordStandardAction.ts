import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { promises as fs } from 'node:fs';
import { STANDARD_VERSION } from '../standard';
import { recordStandardAnnotation } from './recordStandard';

/**
 * `security:standard:record`: writes the standard version into the workspace's
 * catalog-info.yaml (`security.devsecops.io/pipeline-standard`), keeping the rest of the file
 * as it is. It writes in dry runs too: the scaffolder runs them in a temporary workspace
 * that is deleted afterwards and shows its files in the template editor, so the preview
 * includes the annotation; nothing outside the workspace is touched.
 *
 * @public
 */
export function createRecordStandardAction() {
  return createTemplateAction({
    id: 'security:standard:record',
    description:
      'Records the secure pipeline standard version the repository follows in its catalog-info.yaml (annotation security.devsecops.io/pipeline-standard).',
    supportsDryRun: true,
    examples: [
      {
        description:
          'Record the current standard version after fetching the skeleton',
        example: `steps:
  - id: record-standard
    name: Record the pipeline standard
    action: security:standard:record`,
      },
    ],
    schema: {
      input: {
        path: z =>
          z
            .string()
            .optional()
            .describe(
              'catalog-info.yaml in the workspace (default: catalog-info.yaml)',
            ),
        version: z =>
          z
            .string()
            .regex(/^\d+$/)
            .optional()
            .describe(
              `The standard version to record (default: ${STANDARD_VERSION}, the current one)`,
            ),
      },
      output: {
        standardVersion: z => z.string().describe('The version recorded'),
        changed: z => z.boolean().describe('Whether the file had to change'),
      },
    },
    async handler(ctx) {
      const path = ctx.input.path ?? 'catalog-info.yaml';
      const version = ctx.input.version ?? STANDARD_VERSION;
      const file = resolveSafeChildPath(ctx.workspacePath, path);
      const text = await fs.readFile(file, 'utf8').catch(error => {
        throw new InputError(
          `Cannot read ${path} in the workspace: ${error.message}`,
        );
      });
      const updated = recordStandardAnnotation(text, version);
      if (updated.changed) {
        await fs.writeFile(file, updated.text);
        ctx.logger.info(
          `Recorded pipeline standard v${version} in ${path}${
            ctx.isDryRun ? ' (dry-run workspace)' : ''
          }`,
        );
      } else {
        ctx.logger.info(
          `${path} already records pipeline standard v${version}`,
        );
      }
      ctx.output('standardVersion', version);
      ctx.output('changed', updated.changed);
    },
  });
}
