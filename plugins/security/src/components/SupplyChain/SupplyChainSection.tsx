import { ReactNode } from 'react';
import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Paper from '@material-ui/core/Paper';
import Typography from '@material-ui/core/Typography';
import useAsync from 'react-use/esm/useAsync';
import { securityApiRef } from '../../api';
import { ArtifactsTable } from './ArtifactsTable';
import { AttestationsTable } from './AttestationsTable';

/** Is what the entity ships signed, by whom, and built from where. */
export function SupplyChainSection(props: { entityRef: string }) {
  const api = useApi(securityApiRef);
  const { value, loading, error } = useAsync(
    () => api.listAttestations(props.entityRef),
    [api, props.entityRef],
  );
  if (loading) return <Progress />;
  if (error) return <ResponseErrorPanel error={error} />;
  const { artifacts, items } = value!;
  return (
    <Box display="flex" flexDirection="column" gridGap={16}>
      <Section
        title="Artifacts"
        empty="The entity declares no artifacts. List them in the security.devsecops.io/artifacts annotation to see which are unsigned."
      >
        {artifacts.length > 0 && <ArtifactsTable artifacts={artifacts} />}
      </Section>
      <Section
        title="Attestations"
        empty="No signatures or attestations uploaded yet. Upload a Sigstore bundle like any report, with ?artifact= naming the image or package it signs."
      >
        {items.length > 0 && <AttestationsTable items={items} />}
      </Section>
    </Box>
  );
}

function Section(props: { title: string; empty: string; children: ReactNode }) {
  return (
    <Paper>
      <Box p={2} pb={0}>
        <Typography variant="h6">{props.title}</Typography>
      </Box>
      {props.children || (
        <Box p={2}>
          <Typography color="textSecondary">{props.empty}</Typography>
        </Box>
      )}
    </Paper>
  );
}
