import { createMockDirectory } from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { readFileSync } from 'node:fs';
import { applyChanges } from '../checker/__testUtils__/fixtureRepo';
import { createRecordStandardAction } from './recordStandardAction';
import {
  PipelineStandardError,
  createVerifyPipelineAction,
} from './verifyPipelineAction';

describe('security:pipeline:verify', () => {
  const workspace = createMockDirectory();
  const action = createVerifyPipelineAction();

  it('declares dry-run support and its schema', () => {
    expect(action.id).toBe('security:pipeline:verify');
    expect(action.supportsDryRun).toBe(true);
    expect(action.schema?.input).toEqual(
      expect.objectContaining({
        properties: expect.objectContaining({
          path: expect.any(Object),
          ci: expect.any(Object),
        }),
      }),
    );
  });

  it('passes a compliant repository and outputs the count and the standard version', async () => {
    workspace.setContent({ repo: applyChanges('tekton', {}) });
    const ctx = createMockActionContext({
      workspacePath: workspace.path,
      input: { path: 'repo' },
    });
    await action.handler(ctx);
    expect(ctx.output).toHaveBeenCalledWith('violations', 0);
    expect(ctx.output).toHaveBeenCalledWith('standardVersion', '1');
  });

  it.each([false, true])(
    'fails listing every violation (dry run: %s)',
    async isDryRun => {
      workspace.setContent(
        applyChanges('github', {
          '.github/workflows/ci.yml': [
            [
              /actions\/setup-node@[0-9a-f]{40} # v4\.4\.0/g,
              'actions/setup-node@v4',
            ],
          ],
          'SECURITY.md': null,
        }),
      );
      const ctx = {
        ...createMockActionContext({
          workspacePath: workspace.path,
          input: { ci: 'github' as const },
        }),
        isDryRun,
      };
      const error = await action.handler(ctx).catch(e => e);
      expect(error).toBeInstanceOf(PipelineStandardError);
      expect(error.message.split('\n')).toEqual([
        'The repository breaks the secure pipeline standard v1 (github) in 3 place(s):',
        'R03 .github/workflows/ci.yml:26 — `actions/setup-node@v4` follows the tag or branch `v4`, which its owner can move. Pin it: `actions/setup-node@<40-hex commit SHA> # vX.Y.Z`.',
        'R03 .github/workflows/ci.yml:101 — `actions/setup-node@v4` follows the tag or branch `v4`, which its owner can move. Pin it: `actions/setup-node@<40-hex commit SHA> # vX.Y.Z`.',
        expect.stringMatching(/^R22 SECURITY\.md — No SECURITY\.md/),
      ]);
      expect(ctx.output).toHaveBeenCalledWith('violations', 3);
      expect(ctx.output).toHaveBeenCalledWith('standardVersion', '1');
    },
  );

  it('refuses a path outside the workspace', async () => {
    workspace.setContent({ 'a.txt': 'x' });
    const ctx = createMockActionContext({
      workspacePath: workspace.path,
      input: { path: '../elsewhere' },
    });
    await expect(action.handler(ctx)).rejects.toThrow(/outside/);
  });
});

describe('security:standard:record', () => {
  const workspace = createMockDirectory();
  const action = createRecordStandardAction();
  const catalogInfo = `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: payments-api
  # integration annotations
  annotations:
    github.com/project-slug: example-org/payments-api
spec:
  type: service
`;

  it.each([false, true])(
    'records the current standard version (dry run: %s)',
    async isDryRun => {
      workspace.setContent({ 'catalog-info.yaml': catalogInfo });
      const ctx = {
        ...createMockActionContext({
          workspacePath: workspace.path,
          input: {},
        }),
        isDryRun,
      };
      await action.handler(ctx);
      expect(readFileSync(workspace.resolve('catalog-info.yaml'), 'utf8')).toBe(
        catalogInfo.replace(
          '    github.com/project-slug: example-org/payments-api\n',
          '    github.com/project-slug: example-org/payments-api\n    security.devsecops.io/pipeline-standard: "1"\n',
        ),
      );
      expect(ctx.output).toHaveBeenCalledWith('standardVersion', '1');
      expect(ctx.output).toHaveBeenCalledWith('changed', true);
    },
  );

  it('records a given version in a given file and leaves a matching file alone', async () => {
    workspace.setContent({ service: { 'catalog-info.yaml': catalogInfo } });
    const ctx = createMockActionContext({
      workspacePath: workspace.path,
      input: { path: 'service/catalog-info.yaml', version: '2' },
    });
    await action.handler(ctx);
    expect(
      readFileSync(workspace.resolve('service/catalog-info.yaml'), 'utf8'),
    ).toContain('security.devsecops.io/pipeline-standard: "2"');
    const again = createMockActionContext({
      workspacePath: workspace.path,
      input: { path: 'service/catalog-info.yaml', version: '2' },
    });
    await action.handler(again);
    expect(again.output).toHaveBeenCalledWith('changed', false);
  });

  it('fails clearly without a catalog-info.yaml', async () => {
    workspace.setContent({});
    const ctx = createMockActionContext({
      workspacePath: workspace.path,
      input: {},
    });
    await expect(action.handler(ctx)).rejects.toThrow(
      /Cannot read catalog-info.yaml in the workspace/,
    );
  });
});
