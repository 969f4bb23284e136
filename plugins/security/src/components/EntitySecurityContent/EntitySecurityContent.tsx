import { useState } from 'react';
import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { stringifyEntityRef } from '@backstage/catalog-model';
import Box from '@material-ui/core/Box';
import Tab from '@material-ui/core/Tab';
import Tabs from '@material-ui/core/Tabs';
import useAsync from 'react-use/esm/useAsync';
import { securityApiRef } from '../../api';
import { ComponentsTable } from '../ComponentsTable';
import { ComplianceSection } from '../Compliance';
import { FindingsTable } from '../FindingsTable';
import { SummaryHeader } from '../SummaryHeader';
import { SupplyChainSection } from '../SupplyChain';
import { UploadInstructions } from '../UploadInstructions';

/** The Security tab: summary, findings, SBOM, supply chain and control results of the entity. */
export function EntitySecurityContent() {
  const { entity } = useEntity();
  const entityRef = stringifyEntityRef(entity);
  const api = useApi(securityApiRef);
  const [tab, setTab] = useState<'findings' | 'sbom' | 'supply-chain' | 'compliance'>('findings');
  const summary = useAsync(() => api.getSummary(entityRef), [api, entityRef]);

  if (summary.loading) return <Progress />;
  if (summary.error) return <ResponseErrorPanel error={summary.error} />;
  const value = summary.value!;
  const signing = value.supplyChain;
  const controls = Object.values(value.controls).reduce((a, b) => a + b, 0);
  if (
    controls === 0 &&
    value.lastReports.length === 0 &&
    value.components === 0 &&
    signing.artifacts === 0 &&
    signing.attestations === 0
  ) {
    return <UploadInstructions entityRef={entityRef} />;
  }
  const tools = [...new Set(value.lastReports.map(r => r.tool))].sort();
  return (
    <Box display="flex" flexDirection="column" gridGap={16}>
      <SummaryHeader summary={value} />
      <Tabs value={tab} onChange={(_e, v) => setTab(v)} indicatorColor="primary">
        <Tab value="findings" label={`Findings (${value.totals.open.toLocaleString('en-US')} open)`} />
        <Tab value="sbom" label={`SBOM (${value.components.toLocaleString('en-US')})`} />
        <Tab value="supply-chain" label={`Supply chain (${signing.attestations})`} />
        <Tab value="compliance" label={`Compliance (${value.controls.fail.toLocaleString('en-US')} failing)`} />
      </Tabs>
      {tab === 'findings' && <FindingsTable entityRef={entityRef} tools={tools} />}
      {tab === 'sbom' && <ComponentsTable entityRef={entityRef} />}
      {tab === 'supply-chain' && <SupplyChainSection entityRef={entityRef} />}
      {tab === 'compliance' && <ComplianceSection entity={entity} />}
    </Box>
  );
}
