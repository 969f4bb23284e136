import { screen } from '@testing-library/react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { EntitySecurityCard } from './EntitySecurityCard';
import { securityApiRef } from '../../api';
import { entity, fakeApi } from '../__testUtils__/fakeApi';

describe('EntitySecurityCard', () => {
  it('shows open findings by severity and the tools that reported', async () => {
    const { api } = fakeApi();
    await renderInTestApp(
      <TestApiProvider apis={[[securityApiRef, api]]}>
        <EntityProvider entity={entity}>
          <EntitySecurityCard />
        </EntityProvider>
      </TestApiProvider>,
    );
    expect(await screen.findByText('60 open findings')).toBeInTheDocument();
    expect(screen.getByTestId('severity-critical')).toHaveTextContent('critical 30');
    expect(screen.getByTestId('severity-medium')).toHaveTextContent('medium 0');
    expect(screen.getByText('From trivy')).toBeInTheDocument();
    expect(screen.getByTestId('signing-status')).toHaveTextContent('Signing');
    expect(screen.getByTestId('signing-failed')).toBeInTheDocument();
    expect(screen.getByTestId('control-counts')).toHaveTextContent('Controlsfail 3warn 1pass 12skip 2');
  });
});
