import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { CustomErrorBase } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { checkRepository } from '../checker';
import { CI_SYSTEMS, CiSystem } from '../checker/types';
import { formatViolation } from '../checker/formatViolation';

/** The repository breaks rules of the standard; the message lists every violation. */
export class PipelineStandardError extends CustomErrorBase {
  name = 'PipelineStandardError' as const;
}

/**
 * `security:pipeline:verify`: checks the rendered repository in the workspace against the
 * secure pipeline standard and fails the task when it breaks a rule. It only reads files,
 * so it runs in dry runs too: the template editor shows the same verdict as a real run.
 *
 * @public
 */
export function createVerifyPipelineAction() {
  return createTemplateAction({
    id: 'security:pipeline:verify',
    description:
      'Checks the repository in the workspace against the secure pipeline standard (rules R01-R28) and fails when it breaks a rule.',
    supportsDryRun: true,
    examples: [
      {
        description: 'Check the rendered repository before publishing it',
        example: `steps:
  - id: verify
    name: Check the secure pipeline standard
    action: security:pipeline:verify
    input:
      path: .
      ci: github`,
      },
    ],
    schema: {
      input: {
        path: z =>
          z
            .string()
            .optional()
            .describe(
              'Folder in the workspace holding the repository (default: the workspace itself)',
            ),
        ci: z =>
          z
            .enum(CI_SYSTEMS as [CiSystem, ...CiSystem[]])
            .optional()
            .describe('Only check this CI system (default: every one found)'),
      },
      output: {
        violations: z =>
          z
            .number()
            .describe(
              'How many violations were found (0 when the step succeeds)',
            ),
        standardVersion: z =>
          z
            .string()
            .describe(
              'The version of the standard the repository was checked against',
            ),
      },
    },
    async handler(ctx) {
      const path = ctx.input.path ?? '.';
      const dir = resolveSafeChildPath(ctx.workspacePath, path);
      if (ctx.isDryRun) {
        ctx.logger.info(
          'Dry run: the check only reads the workspace, so it runs as usual',
        );
      }
      const result = await checkRepository(dir, {
        ci: ctx.input.ci ? [ctx.input.ci] : undefined,
      });
      for (const warning of result.warnings) ctx.logger.warn(warning);
      for (const rule of result.rules) {
        if (rule.status === 'not-applicable')
          ctx.logger.info(`${rule.id} not applicable: ${rule.note}`);
      }
      ctx.output('violations', result.violations.length);
      ctx.output('standardVersion', result.standardVersion);
      const ci = result.ciSystems.join(', ') || 'no CI found';
      const what = path === '.' ? 'The repository' : path;
      if (result.violations.length === 0) {
        ctx.logger.info(
          `${what} meets the secure pipeline standard v${result.standardVersion} (${ci})`,
        );
        return;
      }
      throw new PipelineStandardError(
        `${what} breaks the secure pipeline standard v${
          result.standardVersion
        } (${ci}) in ${result.violations.length} place(s):\n${result.violations
          .map(formatViolation)
          .join('\n')}`,
      );
    },
  });
}
