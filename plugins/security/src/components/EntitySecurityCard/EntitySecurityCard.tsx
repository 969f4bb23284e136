import { InfoCard, Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { stringifyEntityRef } from '@backstage/catalog-model';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import useAsync from 'react-use/esm/useAsync';
import { SEVERITIES } from '@devsecops/plugin-security-common';
import { securityApiRef } from '../../api';
import { SeverityChip } from '../SeverityChip';
import { SigningStatusLine } from '../SummaryHeader/SigningStatusLine';
import { ControlCountsLine } from '../SummaryHeader/ControlCountsLine';
import { ComplianceScoresLine } from '../Compliance';

/** Open findings by severity and the signing state, for the entity overview. */
export function EntitySecurityCard() {
  const { entity } = useEntity();
  const entityRef = stringifyEntityRef(entity);
  const api = useApi(securityApiRef);
  const { value, loading, error } = useAsync(() => api.getSummary(entityRef), [api, entityRef]);

  return (
    <InfoCard title="Security" deepLink={{ title: 'Open the Security tab', link: 'security' }}>
      {loading && <Progress />}
      {error && <ResponseErrorPanel error={error} />}
      {value && value.lastReports.length === 0 && (
        <Typography variant="body2" color="textSecondary">
          No security reports yet.
        </Typography>
      )}
      {value && value.lastReports.length > 0 && (
        <>
          <Typography variant="h4" component="p">
            {value.totals.open.toLocaleString('en-US')} open findings
          </Typography>
          <Box display="flex" flexWrap="wrap" gridGap={8} my={1}>
            {SEVERITIES.map(s => (
              <SeverityChip key={s} severity={s} count={value.bySeverity[s]} />
            ))}
          </Box>
          <Typography variant="body2" color="textSecondary">
            From {value.lastReports.map(r => r.tool).filter((t, i, a) => a.indexOf(t) === i).join(', ')}
          </Typography>
        </>
      )}
      {value && <SigningStatusLine signing={value.supplyChain} />}
      {value && <ControlCountsLine counts={value.controls} />}
      {value && <ComplianceScoresLine scores={value.compliance} />}
    </InfoCard>
  );
}
