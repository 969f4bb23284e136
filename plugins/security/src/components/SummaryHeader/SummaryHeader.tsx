import { InfoCard } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { EntitySummary, SEVERITIES } from '@devsecops/plugin-security-common';
import { SeverityChip } from '../SeverityChip';
import { SigningStatusLine } from './SigningStatusLine';
import { ControlCountsLine } from './ControlCountsLine';
import { ComplianceScoresLine } from '../Compliance/ComplianceScoresLine';

export function SummaryHeader(props: { summary: EntitySummary }) {
  const { summary } = props;
  const types = Object.entries(summary.byType).sort((a, b) => b[1] - a[1]);
  return (
    <Grid container spacing={2}>
      <Grid item xs={12} md={6}>
        <InfoCard title="Open findings">
          <Typography variant="h3" component="p" data-testid="open-total">
            {summary.totals.open.toLocaleString('en-US')}
          </Typography>
          <Box display="flex" flexWrap="wrap" gridGap={8} my={1}>
            {SEVERITIES.map(s => (
              <SeverityChip key={s} severity={s} count={summary.bySeverity[s]} />
            ))}
          </Box>
          <Typography variant="body2" color="textSecondary">
            {types.length > 0
              ? types.map(([type, n]) => `${n.toLocaleString('en-US')} ${type}`).join(' · ')
              : 'Nothing open'}
            {` · ${summary.totals.fixed.toLocaleString('en-US')} fixed · ${summary.totals.suppressed.toLocaleString('en-US')} suppressed · ${summary.components.toLocaleString('en-US')} SBOM components`}
          </Typography>
          <SigningStatusLine signing={summary.supplyChain} />
          <ControlCountsLine counts={summary.controls} />
          <ComplianceScoresLine scores={summary.compliance} />
        </InfoCard>
      </Grid>
      <Grid item xs={12} md={6}>
        <InfoCard title="Last report per tool">
          <Table size="small" aria-label="Last report per tool" style={{ whiteSpace: 'nowrap' }}>
            <TableHead>
              <TableRow>
                <TableCell>Tool</TableCell>
                <TableCell>Source</TableCell>
                <TableCell align="right">Findings</TableCell>
                <TableCell>Received</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {summary.lastReports.map(r => (
                <TableRow key={`${r.tool}|${r.source ?? ''}`}>
                  <TableCell>
                    {r.tool}
                    {r.toolVersion ? ` ${r.toolVersion}` : ''}
                  </TableCell>
                  <TableCell style={{ whiteSpace: 'normal', wordBreak: 'break-all' }}>
                    {r.source ?? '—'}
                  </TableCell>
                  <TableCell align="right">{r.findings.toLocaleString('en-US')}</TableCell>
                  <TableCell>{new Date(r.receivedAt).toLocaleString()}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </InfoCard>
      </Grid>
    </Grid>
  );
}
