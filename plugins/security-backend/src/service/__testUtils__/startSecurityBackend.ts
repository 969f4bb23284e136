import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { JsonObject } from '@backstage/types';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { securityPlugin } from '../../plugin';

const defaultEntities: Entity[] = ['payments-api', 'hidden-service'].map(name => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, namespace: 'default' },
  spec: { type: 'service', owner: 'team-a', lifecycle: 'production' },
}));

export const READER = 'user:default/reader';
export const NOBODY = 'user:default/nobody';

/** The security plugin in a test backend, with a catalog that hides one entity from READER. */
export async function startBackend(
  setup: { entities?: Entity[]; config?: JsonObject; latencyMs?: number } = {},
) {
  // how long the permission and catalog plugins take to answer, as over a network
  const answerLater = () => new Promise(done => setTimeout(done, setup.latencyMs ?? 0));
  const entities = setup.entities ?? defaultEntities;
  const auditor = mockServices.auditor.mock();
  const events: Array<{ eventId: string; outcome?: string }> = [];
  auditor.createEvent.mockImplementation(async options => {
    const event = { eventId: options.eventId } as { eventId: string; outcome?: string };
    events.push(event);
    return {
      success: async () => void (event.outcome = 'success'),
      fail: async () => void (event.outcome = 'fail'),
    };
  });
  const calls = { authorize: 0, catalog: 0 };
  const permissions = mockServices.permissions.mock({
    authorize: async (requests, options) => {
      calls.authorize++;
      await answerLater();
      const principal = options.credentials.principal as { userEntityRef?: string };
      return requests.map(() => ({
        result: principal.userEntityRef === NOBODY ? AuthorizeResult.DENY : AuthorizeResult.ALLOW,
      }));
    },
  });
  const catalog = catalogServiceMock.mock({
    getEntityByRef: async (ref, options) => {
      calls.catalog++;
      await answerLater();
      const credentials = (options as { credentials?: { principal: unknown } } | undefined)?.credentials;
      const principal = credentials?.principal as { userEntityRef?: string };
      const wanted = typeof ref === 'string' ? ref : `${ref.kind}:${ref.namespace}/${ref.name}`;
      // the catalog hides this entity from the reader, but not from services
      if (wanted.endsWith('hidden-service') && principal?.userEntityRef === READER) return undefined;
      return entities.find(e => `${e.kind.toLowerCase()}:default/${e.metadata.name}` === wanted);
    },
  });
  const backend = await startTestBackend({
    features: [
      securityPlugin,
      catalog.factory,
      permissions.factory,
      auditor.factory,
      mockServices.httpAuth.factory({ defaultCredentials: mockCredentials.none() }),
      mockServices.rootConfig.factory({ data: setup.config ?? {} }),
    ],
  });
  return { server: backend.server, events, calls, stop: () => backend.stop() };
}

export const user = (ref = READER) => mockCredentials.user.header(ref);
export const service = () => mockCredentials.service.header();
