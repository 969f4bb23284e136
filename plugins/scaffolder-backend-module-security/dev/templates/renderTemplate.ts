import { LoggerService } from '@backstage/backend-plugin-api';
import { ConfigReader } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { ScmIntegrations } from '@backstage/integration';
import {
  TemplateEntityV1beta3,
  templateEntityV1beta3Validator,
} from '@backstage/plugin-scaffolder-common';
import { TaskContext } from '@backstage/plugin-scaffolder-node';
import { validate as validateJsonSchema } from 'jsonschema';
import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { RecordedCall, offlineActions } from './offlineActions';
import { createWorkflowRunner } from './workflowRunner';

export interface RenderOptions {
  /** The template's `template.yaml`. */
  templateFile: string;
  /** The form's values, as the scaffolder receives them. */
  parameters: Record<string, unknown>;
  /** Where the rendered repository goes; must not exist yet or be empty. */
  outputDir: string;
}

export interface RenderResult {
  /** The rendered repository: what the publish step would push. */
  outputDir: string;
  /** The calls to the actions that were recorded instead of run (publish, register...). */
  calls: RecordedCall[];
  /** The template's `output`, rendered. */
  output: Record<string, unknown>;
}

/** A failed render, with the scaffolder's log of the task. */
export class TemplateRenderError extends Error {
  name = 'TemplateRenderError';
  constructor(
    message: string,
    readonly log: string[],
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** A LoggerService that keeps what the task logs, for the error when it fails. */
class TaskLog implements LoggerService {
  constructor(readonly lines: string[] = []) {}
  error(message: string) {
    this.lines.push(`error: ${message}`);
  }
  warn(message: string) {
    this.lines.push(`warn: ${message}`);
  }
  info(message: string) {
    this.lines.push(message);
  }
  debug() {}
  child() {
    return this;
  }
}

export async function readTemplate(
  templateFile: string,
): Promise<TemplateEntityV1beta3> {
  const entity = parseYaml(await fs.readFile(templateFile, 'utf8'));
  // check() returns false for another kind, and throws on a malformed template.
  if (!(await templateEntityV1beta3Validator.check(entity))) {
    throw new InputError(
      `${templateFile} is not a scaffolder.backstage.io/v1beta3 Template`,
    );
  }
  return entity as TemplateEntityV1beta3;
}

/**
 * The errors of the values against every page of the template's form, as the scaffolder
 * backend checks them before it accepts a task (the form and the backend share the schema).
 */
export function parameterErrors(
  template: TemplateEntityV1beta3,
  parameters: Record<string, unknown>,
): string[] {
  return [template.spec.parameters ?? []]
    .flat()
    .flatMap(page =>
      validateJsonSchema(parameters, page).errors.map(e => e.stack),
    );
}

/**
 * Renders a software template offline, with the scaffolder backend's own code: the template
 * entity is validated (`templateEntityV1beta3Validator`), the values are validated against its
 * parameter schemas, and its steps run in the scaffolder's workflow runner (input expressions,
 * `if:`, action input schemas, filters such as `parseRepoUrl` and `projectSlug`) with a real
 * `fetch:template` reading the skeleton next to `template.yaml` through a `file://` base URL.
 * Publishing and catalog registration are recorded, not done (see {@link offlineActions}).
 */
export async function renderTemplate(
  options: RenderOptions,
): Promise<RenderResult> {
  const templateFile = resolve(options.templateFile);
  const outputDir = resolve(options.outputDir);
  const template = await readTemplate(templateFile);
  const errors = parameterErrors(template, options.parameters);
  if (errors.length > 0) {
    throw new InputError(
      `The values do not fit ${template.metadata.name}'s form: ${errors.join(
        '; ',
      )}`,
    );
  }
  await fs.mkdir(outputDir, { recursive: true });
  if ((await fs.readdir(outputDir)).length > 0) {
    throw new InputError(`${outputDir} is not empty`);
  }

  // No integrations configured: the defaults for github.com and gitlab.com, as in Backstage.
  const config = new ConfigReader({});
  const integrations = ScmIntegrations.fromConfig(config);
  const calls: RecordedCall[] = [];
  const log = new TaskLog();
  const workingDirectory = await fs.mkdtemp(join(tmpdir(), 'scaffolder-'));
  try {
    const runner = createWorkflowRunner({
      actions: offlineActions({ integrations, config, outputDir, calls }),
      integrations,
      workingDirectory,
      logger: log,
    });
    // The task the scaffolder backend creates for this template and these values.
    const task: TaskContext = {
      taskId: 'offline-render',
      cancelSignal: new AbortController().signal,
      spec: {
        apiVersion: template.apiVersion,
        steps: template.spec.steps.map((step, index) => ({
          ...step,
          id: step.id ?? `step-${index + 1}`,
          name: step.name ?? step.action,
        })),
        output: template.spec.output ?? {},
        parameters: options.parameters as TaskContext['spec']['parameters'],
        user: {},
        templateInfo: {
          entityRef: `template:${template.metadata.namespace ?? 'default'}/${
            template.metadata.name
          }`,
          baseUrl: pathToFileURL(templateFile).toString(),
          entity: { metadata: template.metadata },
        },
      },
      secrets: {},
      done: false,
      isDryRun: false,
      complete: async () => {},
      emitLog: async message => {
        log.lines.push(message);
      },
      getWorkspaceName: async () => 'workspace',
      getInitiatorCredentials: async () => ({
        $$type: '@backstage/BackstageCredentials',
        principal: { type: 'none' },
      }),
    };
    let result;
    try {
      result = await runner.execute(task);
    } catch (error) {
      throw new TemplateRenderError(
        `${template.metadata.name} did not render: ${(error as Error).message}`,
        log.lines,
        { cause: error },
      );
    }
    if (!calls.some(c => c.action.startsWith('publish:'))) {
      throw new TemplateRenderError(
        `${template.metadata.name} ran no publish step for these values: nothing would be created`,
        log.lines,
      );
    }
    return { outputDir, calls, output: result.output };
  } finally {
    await fs.rm(workingDirectory, { recursive: true, force: true });
  }
}
