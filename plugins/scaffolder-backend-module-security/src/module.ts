import { createBackendModule } from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { createRecordStandardAction } from './actions/recordStandardAction';
import { createVerifyPipelineAction } from './actions/verifyPipelineAction';

/**
 * Adds `security:pipeline:verify` and `security:standard:record` to the scaffolder.
 *
 * @public
 */
export const scaffolderModuleSecurity = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'security',
  register(reg) {
    reg.registerInit({
      deps: { scaffolder: scaffolderActionsExtensionPoint },
      async init({ scaffolder }) {
        scaffolder.addActions(
          createVerifyPipelineAction(),
          createRecordStandardAction(),
        );
      },
    });
  },
});
