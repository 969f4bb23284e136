import { screen, waitFor, within, fireEvent } from '@testing-library/react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { discoveryApiRef } from '@backstage/core-plugin-api';
import { EntitySecurityContent } from './EntitySecurityContent';
import { securityApiRef } from '../../api';
import { entity, fakeApi, makeFinding, supplyChain } from '../__testUtils__/fakeApi';

const discovery = { getBaseUrl: async () => 'http://localhost:7007/api/security' };

async function renderTab(api: ReturnType<typeof fakeApi>['api']) {
  await renderInTestApp(
    <TestApiProvider apis={[[securityApiRef, api], [discoveryApiRef, discovery]]}>
      <EntityProvider entity={entity}>
        <EntitySecurityContent />
      </EntityProvider>
    </TestApiProvider>,
  );
}

describe('EntitySecurityContent', () => {
  it('shows counts, the last report per tool and the first page of open findings', async () => {
    const { api, queries } = fakeApi();
    await renderTab(api);
    expect(await screen.findByTestId('open-total')).toHaveTextContent('60');
    expect(screen.getByText('trivy 0.56.1')).toBeInTheDocument();
    expect(screen.getByText('image:payments')).toBeInTheDocument();
    await waitFor(() => expect(screen.getAllByTestId('finding-row')).toHaveLength(25));
    expect(screen.getByTestId('page-range')).toHaveTextContent('1–25 of 60 findings');
    expect(queries[0]).toMatchObject({ status: ['open'], sort: 'severity', order: 'desc', limit: 25 });
  });

  it('pages forward and back with cursors', async () => {
    const { api, queries } = fakeApi();
    await renderTab(api);
    await waitFor(() => expect(screen.getAllByTestId('finding-row')).toHaveLength(25));
    fireEvent.click(screen.getByRole('button', { name: 'Next page' }));
    await waitFor(() => expect(screen.getByTestId('page-range')).toHaveTextContent('26–50 of 60 findings'));
    expect(queries.at(-1)?.cursor).toBe('25');
    fireEvent.click(screen.getByRole('button', { name: 'Next page' }));
    await waitFor(() => expect(screen.getByTestId('page-range')).toHaveTextContent('51–60 of 60 findings'));
    expect(screen.getByRole('button', { name: 'Next page' })).toBeDisabled();
    fireEvent.click(screen.getByRole('button', { name: 'Previous page' }));
    await waitFor(() => expect(screen.getByTestId('page-range')).toHaveTextContent('26–50 of 60 findings'));
  });

  it('filters by severity on the server and opens a finding', async () => {
    const { api, queries } = fakeApi();
    await renderTab(api);
    await waitFor(() => expect(screen.getAllByTestId('finding-row')).toHaveLength(25));
    fireEvent.mouseDown(screen.getByTestId('filter-severity'));
    fireEvent.click(within(screen.getByRole('listbox')).getByText('critical'));
    await waitFor(() => expect(screen.getByTestId('page-range')).toHaveTextContent('of 30 findings'));
    expect(queries.at(-1)).toMatchObject({ severity: ['critical'], cursor: undefined });

    fireEvent.click(screen.getAllByTestId('finding-row')[0]);
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByTestId('finding-message')).toHaveTextContent('Details of 0');
    expect(within(dialog).getByText('CVE-2024-1000')).toBeInTheDocument();
  });

  it('renders scanner text as text, never as HTML, and only links http(s) help', async () => {
    const hostile = makeFinding(1, {
      title: '<img src=x onerror="window.pwned=1">',
      message: '<script>window.pwned=1</script><b>bold</b>',
      // eslint-disable-next-line no-script-url -- the hostile link under test
      helpUri: 'javascript:window.pwned=1',
    });
    const { api } = fakeApi({ findings: [hostile] });
    await renderTab(api);
    const row = await screen.findByTestId('finding-row');
    expect(row).toHaveTextContent('<img src=x onerror="window.pwned=1">');
    expect(document.querySelector('img[src="x"]')).toBeNull();
    fireEvent.click(row);
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByTestId('finding-message').innerHTML).not.toContain('<script>');
    // eslint-disable-next-line no-script-url -- the hostile link under test
    expect(within(dialog).getByText('javascript:window.pwned=1').closest('a')).toBeNull();
    expect((window as any).pwned).toBeUndefined();
  });

  it('shows the upload command for an entity without reports', async () => {
    const { api } = fakeApi({
      summary: { entityRef: 'component:default/payments-api', totals: { open: 0, fixed: 0, suppressed: 0 }, bySeverity: { critical: 0, high: 0, medium: 0, low: 0, info: 0 }, byType: {}, byTool: {}, components: 0, lastReports: [], controls: { fail: 0, warn: 0, error: 0, pass: 0, skip: 0 }, compliance: [], supplyChain: { status: 'none', artifacts: 0, verified: 0, failed: 0, unsigned: 0, attestations: 0 } },
    });
    await renderTab(api);
    expect(await screen.findByText('No security reports yet')).toBeInTheDocument();
    await waitFor(() =>
      expect(document.body.textContent).toContain(
        'http://localhost:7007/api/security/v1/reports?entityRef=component%3Adefault%2Fpayments-api',
      ),
    );
  });

  it('shows an error from the backend', async () => {
    const { api } = fakeApi();
    api.getSummary = async () => {
      throw new Error('backend says no');
    };
    await renderTab(api);
    expect((await screen.findAllByText(/backend says no/)).length).toBeGreaterThan(0);
  });

  it('shows the supply chain: artifact badges, signers, provenance, and failures with their reason', async () => {
    const { api } = fakeApi({ attestations: supplyChain });
    await renderTab(api);
    expect(await screen.findByTestId('signing-status')).toHaveTextContent('1 verified · 1 failed of 2 artifacts');
    fireEvent.click(screen.getByRole('tab', { name: 'Supply chain (3)' }));
    const artifacts = await screen.findAllByTestId('artifact-row');
    expect(artifacts).toHaveLength(2);
    expect(within(artifacts[0]).getByTestId('signing-verified')).toBeInTheDocument();
    expect(artifacts[0]).toHaveTextContent('https://github.com/acme/payments-api @ aaaaaaaaaaaa');
    expect(artifacts[0]).toHaveTextContent('workflow .github/workflows/release.yml');
    expect(within(artifacts[1]).getByTestId('signing-failed')).toBeInTheDocument();
    expect(within(artifacts[1]).getByTestId('artifact-reason')).toHaveTextContent('the signature does not verify');

    const rows = screen.getAllByTestId('attestation-row');
    expect(rows).toHaveLength(3);
    expect(rows[0]).toHaveTextContent('SLSA provenance v1');
    expect(rows[0]).toHaveTextContent('#123456789');
    expect(within(rows[1]).getByTestId('attestation-reason')).toHaveTextContent('the signature does not verify');
    expect(rows[2]).toHaveTextContent('key SHA256:npm');
    // signer identities come from certificates anyone can request: they stay text
    expect(rows[1]).toHaveTextContent('<img src=x onerror=alert(1)>');
    expect(document.querySelector('img[src="x"]')).toBeNull();
  });

  it('shows the provenance of attested packages in the SBOM', async () => {
    const { api } = fakeApi({
      components: [
        { id: '1', entityRef: 'component:default/payments-api', name: 'sigstore', version: '1.0.0', purl: 'pkg:npm/sigstore@1.0.0', licenses: ['Apache-2.0'], provenance: { status: 'verified', sourceRepository: 'https://github.com/sigstore/sigstore-js', sourceCommit: 'b'.repeat(40) } },
        { id: '2', entityRef: 'component:default/payments-api', name: 'tuf-js', version: '1.0.0', purl: 'pkg:npm/tuf-js@1.0.0', licenses: [], provenance: { status: 'failed', reason: 'the attested package digest differs from the SBOM hash' } },
        { id: '3', entityRef: 'component:default/payments-api', name: 'left-pad', licenses: [] },
      ],
    });
    await renderTab(api);
    fireEvent.click(await screen.findByRole('tab', { name: /SBOM/ }));
    const cells = await screen.findAllByTestId('component-provenance');
    expect(cells).toHaveLength(2);
    expect(cells[0]).toHaveTextContent('Verifiedhttps://github.com/sigstore/sigstore-js @ bbbbbbbbbbbb');
    expect(cells[1]).toHaveTextContent('Failedthe attested package digest differs from the SBOM hash');
  });

  it('says how to add artifacts and signatures when there are none', async () => {
    const { api } = fakeApi();
    await renderTab(api);
    fireEvent.click(await screen.findByRole('tab', { name: /Supply chain/ }));
    expect(await screen.findByText(/declares no artifacts/)).toBeInTheDocument();
    expect(screen.getByText(/No signatures or attestations uploaded yet/)).toBeInTheDocument();
  });

  it('lists control results with their evidence and filters them by result on the server', async () => {
    const control = (id: string, status: 'fail' | 'pass') => ({
      id,
      entityRef: 'component:default/payments-api',
      source: 'kube-bench',
      controlId: `1.1.${id}`,
      benchmark: 'cis-1.8',
      title: `Ensure check ${id}`,
      status,
      evidence: [{ resource: 'node/master', message: '<b>permissions=777</b>' }],
      remediation: 'chmod 600 /etc/kubernetes/manifests/kube-apiserver.yaml',
      recordedAt: '2026-11-20T10:00:00.000Z',
    });
    const { api } = fakeApi({ controls: [control('1', 'fail'), control('2', 'pass')] });
    await renderTab(api);
    fireEvent.click(await screen.findByRole('tab', { name: 'Compliance (3 failing)' }));
    await waitFor(() => expect(screen.getAllByTestId('control-row')).toHaveLength(2));
    const [failing] = screen.getAllByTestId('control-row');
    expect(within(failing).getByTestId('control-fail')).toBeInTheDocument();
    expect(failing).toHaveTextContent('1.1.1 Ensure check 1');
    expect(failing).toHaveTextContent('node/master · <b>permissions=777</b>');
    expect(failing.querySelector('b')).toBeNull();
    fireEvent.mouseDown(screen.getByTestId('filter-result'));
    fireEvent.click(within(screen.getByRole('listbox')).getByText('pass'));
    await waitFor(() => expect(screen.getAllByTestId('control-row')).toHaveLength(1));
    expect(within(screen.getByTestId('control-row')).getByTestId('control-pass')).toBeInTheDocument();
  });

  it('shows the framework scores, expands to requirements with evidence as text, and filters controls by framework', async () => {
    const { api } = fakeApi();
    const asked: Array<string | undefined> = [];
    const list = api.listControls;
    api.listControls = async (ref, query = {}) => {
      asked.push(query.framework);
      return list(ref, query);
    };
    await renderTab(api);
    expect(await screen.findByTestId('compliance-score-pci-dss-4.0')).toHaveTextContent('PCI DSS 75%');
    fireEvent.click(await screen.findByRole('tab', { name: 'Compliance (3 failing)' }));
    const panel = await screen.findByTestId('framework-pci-dss-4.0');
    expect(within(panel).getByTestId('framework-score')).toHaveTextContent('50%');
    expect(panel).toHaveTextContent('inherited from its system');
    expect(panel).toHaveTextContent('1 passed · 1 failed · 1 not assessed');
    fireEvent.click(within(panel).getByText('PCI DSS'));
    const rows = await within(panel).findAllByTestId('requirement-row');
    expect(rows.map(r => r.textContent)).toEqual([
      expect.stringContaining('2.2.1 Configuration standards'),
      expect.stringContaining('6.3.3'),
      expect.stringContaining('4.2.1'),
    ]);
    expect(within(rows[0]).getByTestId('outcome-failed')).toBeInTheDocument();
    expect(within(rows[0]).getByTestId('check-evidence')).toHaveTextContent(
      'kubernetes-manifests · Deployment/payments/api · spec.template.spec.containers[0].securityContext.privileged · <img src=x onerror=alert(1)>',
    );
    expect(panel.querySelector('img')).toBeNull();
    expect(within(rows[0]).getByTestId('check-remediation')).toHaveTextContent('Fix: Remove securityContext.privileged');
    expect(rows[0]).toHaveTextContent('Mapping: CIS Kubernetes Benchmark v1.9.0 5.2.2');

    fireEvent.mouseDown(screen.getByTestId('filter-framework'));
    fireEvent.click(within(screen.getByRole('listbox')).getByText('HIPAA Security Rule'));
    await waitFor(() => expect(asked).toContain('hipaa'));
  });

  it('tells how to opt in when the entity is scored against no framework', async () => {
    const { api } = fakeApi({ compliance: { entityRef: 'component:default/payments-api', frameworks: [], available: [{ id: 'hipaa', title: 'HIPAA' }] } });
    await renderTab(api);
    fireEvent.click(await screen.findByRole('tab', { name: 'Compliance (3 failing)' }));
    expect(await screen.findByTestId('no-frameworks')).toHaveTextContent(
      'security.devsecops.io/compliance-frameworks: hipaa',
    );
  });
});
