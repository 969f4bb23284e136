import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Paper from '@material-ui/core/Paper';
import Typography from '@material-ui/core/Typography';
import { ANNOTATION_COMPLIANCE_FRAMEWORKS } from '@devsecops/plugin-security-common';
import useAsync from 'react-use/esm/useAsync';
import { securityApiRef } from '../../api';
import { ControlsTable } from '../ControlsTable';
import { ClusterLinks } from './ClusterLinks';
import { FrameworkPanel } from './FrameworkPanel';

/** Framework scores of the entity, then every control result with status and framework filters. */
export function ComplianceSection(props: { entity: Entity }) {
  const entityRef = stringifyEntityRef(props.entity);
  const api = useApi(securityApiRef);
  const compliance = useAsync(() => api.getCompliance(entityRef), [api, entityRef]);

  return (
    <Box display="flex" flexDirection="column" gridGap={16}>
      <ClusterLinks entity={props.entity} />
      {compliance.loading && <Progress />}
      {compliance.error && <ResponseErrorPanel error={compliance.error} />}
      {compliance.value && compliance.value.frameworks.length === 0 && (
        <Paper>
          <Box p={2} data-testid="no-frameworks">
            <Typography variant="body2">
              This entity is not scored against any framework. To opt in, annotate it or its system with{' '}
              <code>
                {ANNOTATION_COMPLIANCE_FRAMEWORKS}: {compliance.value.available.map(f => f.id).join(', ')}
              </code>{' '}
              (any of these).
            </Typography>
          </Box>
        </Paper>
      )}
      {compliance.value?.frameworks.map(f => (
        <FrameworkPanel key={f.id} framework={f} />
      ))}
      <ControlsTable entityRef={entityRef} frameworks={compliance.value?.available ?? []} />
    </Box>
  );
}
