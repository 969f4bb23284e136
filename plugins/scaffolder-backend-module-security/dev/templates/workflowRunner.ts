import { LoggerService } from '@backstage/backend-plugin-api';
import { ScmIntegrations } from '@backstage/integration';
import { TaskContext, TemplateAction } from '@backstage/plugin-scaffolder-node';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The part of the scaffolder's workflow runner used here. */
export interface WorkflowRunner {
  execute(task: TaskContext): Promise<{ output: Record<string, unknown> }>;
}

/** Where @backstage/plugin-scaffolder-backend keeps its runner (it does not export it). */
const RUNNER_PATH = 'dist/scaffolder/tasks/NunjucksWorkflowRunner.cjs.js';

/** A metrics service that records nothing (the runner counts tasks and steps). */
const noMetrics = {
  createCounter: () => ({ add() {} }),
  createUpDownCounter: () => ({ add() {} }),
  createHistogram: () => ({ record() {} }),
  createGauge: () => ({ record() {} }),
};

/**
 * The scaffolder backend's own `NunjucksWorkflowRunner`: what runs a task's steps in
 * Backstage (input templating with the scaffolder's filters, `if:`, action input schemas,
 * output). The package does not export it, so it is loaded from the installed package's
 * build; a release that moves it fails here, loudly.
 */
export function createWorkflowRunner(options: {
  actions: TemplateAction<any, any, 'v2'>[];
  integrations: ScmIntegrations;
  workingDirectory: string;
  logger: LoggerService;
}): WorkflowRunner {
  const pkgJson = require.resolve(
    '@backstage/plugin-scaffolder-backend/package.json',
  );
  const file = join(dirname(pkgJson), RUNNER_PATH);
  if (!existsSync(file)) {
    const { version } = require(pkgJson);
    throw new Error(
      `@backstage/plugin-scaffolder-backend ${version} has no ${RUNNER_PATH}: update createWorkflowRunner to where this release keeps NunjucksWorkflowRunner`,
    );
  }
  const { NunjucksWorkflowRunner } = require(file);
  const byId = new Map(options.actions.map(a => [a.id, a]));
  return new NunjucksWorkflowRunner({
    actionRegistry: {
      get: async (id: string) => {
        const action = byId.get(id);
        if (!action) {
          throw new Error(
            `The template uses ${id}, which the offline renderer does not provide (it has ${[
              ...byId.keys(),
            ].join(', ')})`,
          );
        }
        return action;
      },
      list: async () => [...byId.values()],
    },
    integrations: options.integrations,
    workingDirectory: options.workingDirectory,
    logger: options.logger,
    metrics: noMetrics,
  });
}
