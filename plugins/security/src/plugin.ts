import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { SecurityClient } from '@devsecops/plugin-security-common';
import { securityApiRef } from './api';
import { rootRouteRef } from './routes';

/** The security plugin for apps on the legacy frontend system. */
export const securityPlugin = createPlugin({
  id: 'security',
  apis: [
    createApiFactory({
      api: securityApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) => new SecurityClient({ discoveryApi, fetchApi }),
    }),
  ],
  routes: { root: rootRouteRef },
});

/** The Security tab, for an `EntityLayout.Route`. */
export const EntitySecurityContent = securityPlugin.provide(
  createRoutableExtension({
    name: 'EntitySecurityContent',
    component: () =>
      import('./components/EntitySecurityContent').then(m => m.EntitySecurityContent),
    mountPoint: rootRouteRef,
  }),
);

/** The summary card, for an entity's overview page. */
export const EntitySecurityCard = securityPlugin.provide(
  createComponentExtension({
    name: 'EntitySecurityCard',
    component: {
      lazy: () => import('./components/EntitySecurityCard').then(m => m.EntitySecurityCard),
    },
  }),
);
