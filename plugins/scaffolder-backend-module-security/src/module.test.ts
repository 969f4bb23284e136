import { startTestBackend } from '@backstage/backend-test-utils';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import scaffolderModuleSecurity, {
  STANDARD_VERSION,
  checkRepository,
  toSarif,
} from './index';

describe('scaffolderModuleSecurity', () => {
  it('registers both actions with the scaffolder', async () => {
    const addActions = jest.fn();
    await startTestBackend({
      extensionPoints: [[scaffolderActionsExtensionPoint, { addActions }]],
      features: [scaffolderModuleSecurity],
    });
    expect(addActions).toHaveBeenCalledTimes(1);
    expect(addActions.mock.calls[0].map((a: { id: string }) => a.id)).toEqual([
      'security:pipeline:verify',
      'security:standard:record',
    ]);
  });

  it('exports the checker, the SARIF writer and the standard version', () => {
    expect(typeof checkRepository).toBe('function');
    expect(typeof toSarif).toBe('function');
    expect(STANDARD_VERSION).toBe('1');
  });
});
