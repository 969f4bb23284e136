import { createApiRef } from '@backstage/core-plugin-api';
import { SecurityApi } from '@devsecops/plugin-security-common';

export const securityApiRef = createApiRef<SecurityApi>({
  id: 'plugin.security.api',
});
