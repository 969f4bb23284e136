import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import { SecurityClient } from '@devsecops/plugin-security-common';
import { securityApiRef } from './api';

const securityApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: securityApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) => new SecurityClient({ discoveryApi, fetchApi }),
    }),
});

/** The Security tab on every catalog entity. */
export const securityEntityContent = EntityContentBlueprint.make({
  name: 'security',
  params: {
    path: '/security',
    title: 'Security',
    loader: () =>
      import('./components/EntitySecurityContent').then(m => <m.EntitySecurityContent />),
  },
});

/** The summary card on the entity overview. */
export const securityEntityCard = EntityCardBlueprint.make({
  name: 'summary',
  params: {
    loader: () =>
      import('./components/EntitySecurityCard').then(m => <m.EntitySecurityCard />),
  },
});

/** The security plugin for apps on the new frontend system. */
export default createFrontendPlugin({
  pluginId: 'security',
  extensions: [securityApi, securityEntityContent, securityEntityCard],
});
