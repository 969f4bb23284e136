import { screen } from '@testing-library/react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { discoveryApiRef, fetchApiRef } from '@backstage/core-plugin-api';
import { SecurityClient } from '@devsecops/plugin-security-common';
import { EntitySecurityCard, EntitySecurityContent, securityPlugin } from './plugin';
import { securityApiRef } from './api';
import { Route, Routes } from 'react-router-dom';
import newSystemPlugin from './alpha';
import { entity, fakeApi } from './components/__testUtils__/fakeApi';

describe('legacy frontend exports', () => {
  it('provide a SecurityClient for apps that install the plugin', () => {
    const factory = [...securityPlugin.getApis()].find(f => f.api.id === securityApiRef.id);
    expect(factory?.deps).toEqual({ discoveryApi: discoveryApiRef, fetchApi: fetchApiRef });
    const client = factory!.factory({
      discoveryApi: { getBaseUrl: async () => 'http://backend/api/security' },
      fetchApi: { fetch: jest.fn() },
    });
    expect(client).toBeInstanceOf(SecurityClient);
  });

  it('render the tab as a routable extension and the card as a component extension', async () => {
    const { api } = fakeApi();
    await renderInTestApp(
      <TestApiProvider apis={[[securityApiRef, api]]}>
        <EntityProvider entity={entity}>
          <Routes>
            <Route path="/security" element={<EntitySecurityContent />} />
          </Routes>
          <EntitySecurityCard />
        </EntityProvider>
      </TestApiProvider>,
      { routeEntries: ['/security'] },
    );
    expect(await screen.findByText('60 open findings')).toBeInTheDocument();
    expect(await screen.findByTestId('open-total')).toHaveTextContent('60');
  });
});

describe('new frontend system plugin', () => {
  it('contributes the API, the Security tab and the overview card', () => {
    expect(newSystemPlugin.id).toBe('security');
    expect(newSystemPlugin.getExtension('api:security')).toMatchObject({ kind: 'api' });
    expect(newSystemPlugin.getExtension('entity-content:security/security')).toMatchObject({
      kind: 'entity-content',
      name: 'security',
    });
    expect(newSystemPlugin.getExtension('entity-card:security/summary')).toMatchObject({
      kind: 'entity-card',
      name: 'summary',
    });
  });
});
