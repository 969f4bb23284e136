import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { ScmIntegrations } from '@backstage/integration';
import {
  createCatalogRegisterAction,
  createFetchTemplateAction,
} from '@backstage/plugin-scaffolder-backend';
import { createPublishGithubAction } from '@backstage/plugin-scaffolder-backend-module-github';
import { createPublishGitlabAction } from '@backstage/plugin-scaffolder-backend-module-gitlab';
import {
  ActionContext,
  TemplateAction,
  parseRepoUrl,
} from '@backstage/plugin-scaffolder-node';
import { promises as fs } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import { createRecordStandardAction } from '../../src/actions/recordStandardAction';
import { createVerifyPipelineAction } from '../../src/actions/verifyPipelineAction';
import { LocalUrlReader } from './localUrlReader';

type AnyAction = TemplateAction<any, any, 'v2'>;

/** An action the offline renderer replaced: what the template asked it to do. */
export interface RecordedCall {
  step: string;
  action: string;
  input: Record<string, unknown>;
}

const NO_COMMIT = '0'.repeat(40);

/**
 * The real action's id, description and input schema (so the runner validates the template's
 * input against it exactly as Backstage does), with a handler that only records the call.
 */
function recorded(
  real: AnyAction,
  calls: RecordedCall[],
  handle: (
    ctx: ActionContext<any, any, 'v2'>,
  ) => Promise<Record<string, unknown>>,
): AnyAction {
  return {
    ...real,
    handler: async ctx => {
      calls.push({
        step: ctx.step?.id ?? '',
        action: real.id,
        input: ctx.input,
      });
      for (const [name, value] of Object.entries(await handle(ctx))) {
        ctx.output(name, value);
      }
    },
  };
}

/**
 * The actions a template runs with offline. Real: `fetch:template` (with a reader that only
 * reads local files) and `security:standard:record` (it writes the standard version into
 * catalog-info.yaml, as in a real run). Recorded, not run: `security:pipeline:verify` (the
 * validation runs the rule checker itself, with the template for R21), and the edge of the
 * system, `publish:github`, `publish:gitlab` and `catalog:register`: nothing is published or
 * registered. A publish step copies what it would push (its `sourcePath` of the workspace)
 * to `outputDir`; exactly one must run.
 */
export function offlineActions(options: {
  integrations: ScmIntegrations;
  config: Config;
  outputDir: string;
  calls: RecordedCall[];
}): AnyAction[] {
  const { integrations, config, outputDir, calls } = options;

  const publish =
    (forge: 'github' | 'gitlab') =>
    async (ctx: ActionContext<any, any, 'v2'>) => {
      if (calls.filter(c => c.action.startsWith('publish:')).length > 1) {
        throw new InputError(
          'More than one publish step ran: the repository would be published twice',
        );
      }
      const source = resolveSafeChildPath(
        ctx.workspacePath,
        ctx.input.sourcePath ?? '.',
      );
      await fs.cp(source, outputDir, { recursive: true });
      const { host, owner, repo } = parseRepoUrl(
        ctx.input.repoUrl,
        integrations,
      );
      const remoteUrl = `https://${host}/${owner}/${repo}`;
      const branch = ctx.input.defaultBranch ?? 'main';
      return forge === 'github'
        ? {
            remoteUrl,
            repoContentsUrl: `${remoteUrl}/blob/${branch}`,
            commitHash: NO_COMMIT,
          }
        : {
            remoteUrl,
            repoContentsUrl: `${remoteUrl}/-/blob/${branch}`,
            projectId: 0,
            commitHash: NO_COMMIT,
            created: true,
          };
    };

  const register = async (ctx: ActionContext<any, any, 'v2'>) => {
    // The entity the catalog would register: the Component of the published catalog-info.yaml.
    const path = ctx.input.catalogInfoPath ?? '/catalog-info.yaml';
    const text = await fs.readFile(
      resolveSafeChildPath(outputDir, `.${path}`),
      'utf8',
    );
    const component = parseAllDocuments(text)
      .map(d => d.toJS())
      .find(e => e?.kind === 'Component');
    if (!component?.metadata?.name) {
      throw new InputError(
        `${path} of the published repository holds no named Component`,
      );
    }
    const namespace = component.metadata.namespace ?? 'default';
    return {
      entityRef: `component:${namespace}/${component.metadata.name}`,
      catalogInfoUrl: `${ctx.input.repoContentsUrl ?? ''}${path}`,
    };
  };

  const unavailable = new Proxy({} as any, {
    get: () => {
      throw new Error('Offline rendering reaches no external service');
    },
  });

  return [
    createFetchTemplateAction({ integrations, reader: new LocalUrlReader() }),
    createRecordStandardAction(),
    recorded(createVerifyPipelineAction(), calls, async () => ({})),
    recorded(
      createPublishGithubAction({ integrations, config }),
      calls,
      publish('github'),
    ),
    recorded(
      createPublishGitlabAction({ integrations, config }),
      calls,
      publish('gitlab'),
    ),
    recorded(
      createCatalogRegisterAction({ catalog: unavailable, integrations }),
      calls,
      register,
    ),
  ];
}
