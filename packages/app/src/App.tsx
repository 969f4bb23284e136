import { createApp } from '@backstage/frontend-defaults';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import orgPlugin from '@backstage/plugin-org/alpha';
import apiDocsPlugin from '@backstage/plugin-api-docs/alpha';
import scaffolderPlugin from '@backstage/plugin-scaffolder/alpha';
import securityPlugin from '@devsecops/plugin-security/alpha';

export default createApp({
  features: [catalogPlugin, orgPlugin, apiDocsPlugin, scaffolderPlugin, securityPlugin],
});
