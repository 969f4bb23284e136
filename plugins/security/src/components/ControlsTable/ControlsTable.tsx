import { useState } from 'react';
import { ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import LinearProgress from '@material-ui/core/LinearProgress';
import Paper from '@material-ui/core/Paper';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { CONTROL_STATUSES, ControlStatus } from '@devsecops/plugin-security-common';
import { securityApiRef } from '../../api';
import { useCursorPages } from '../../hooks/useCursorPages';
import { FilterSelect } from '../FindingsTable/FindingsFilterBar';
import { CursorPageControls } from '../FindingsTable/PageControls';
import { ControlStatusChip } from './ControlStatusChip';

const PAGE_SIZE = 25;

/** The entity's compliance control results, failures first, with their evidence. */
export function ControlsTable(props: {
  entityRef: string;
  /** Frameworks to filter by: only results of checks mapped to the chosen one are listed. */
  frameworks?: Array<{ id: string; title: string }>;
}) {
  const api = useApi(securityApiRef);
  const [status, setStatus] = useState<ControlStatus | undefined>();
  const [framework, setFramework] = useState<string | undefined>();
  const pages = useCursorPages(
    cursor =>
      api.listControls(props.entityRef, {
        status: status ? [status] : undefined,
        framework,
        limit: PAGE_SIZE,
        cursor,
      }),
    JSON.stringify([props.entityRef, status, framework]),
  );
  const frameworks = props.frameworks ?? [];

  return (
    <Paper>
      <Box p={2} display="flex" gridGap={16}>
        <FilterSelect<ControlStatus>
          label="Result"
          value={status}
          options={CONTROL_STATUSES}
          onChange={setStatus}
        />
        {frameworks.length > 0 && (
          <FilterSelect<string>
            label="Framework"
            value={framework}
            options={frameworks.map(f => f.id)}
            labels={Object.fromEntries(frameworks.map(f => [f.id, f.title]))}
            onChange={setFramework}
          />
        )}
      </Box>
      {pages.loading ? <LinearProgress /> : <Box height={4} />}
      {pages.error ? (
        <ResponseErrorPanel error={pages.error} />
      ) : (
        <Table size="small" aria-label="Control results">
          <TableHead style={{ whiteSpace: 'nowrap' }}>
            <TableRow>
              <TableCell>Result</TableCell>
              <TableCell>Control</TableCell>
              <TableCell>Evidence</TableCell>
              <TableCell>Source</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {pages.page?.items.map(c => (
              <TableRow key={c.id} data-testid="control-row">
                <TableCell>
                  <ControlStatusChip status={c.status} />
                </TableCell>
                <TableCell style={{ width: '45%' }}>
                  <Typography variant="body2">
                    {c.controlId} {c.title}
                  </Typography>
                  {c.remediation && (
                    <Typography variant="caption" color="textSecondary" display="block" title={c.remediation}>
                      {shorten(c.remediation, 240)}
                    </Typography>
                  )}
                </TableCell>
                <TableCell style={{ width: '35%', wordBreak: 'break-word' }}>
                  {c.evidence.slice(0, 5).map((e, i) => (
                    <Typography key={i} variant="caption" display="block" title={e.message}>
                      {[e.resource, e.field, e.message && shorten(e.message, 200)].filter(Boolean).join(' · ')}
                    </Typography>
                  ))}
                  {c.evidence.length > 5 && (
                    <Typography variant="caption" color="textSecondary">
                      and {c.evidence.length - 5} more
                    </Typography>
                  )}
                </TableCell>
                <TableCell style={{ whiteSpace: 'nowrap' }}>
                  <Typography variant="body2">{c.source}</Typography>
                  <Typography variant="caption" color="textSecondary">
                    {c.benchmark ?? ''}
                  </Typography>
                </TableCell>
              </TableRow>
            ))}
            {pages.page && pages.page.items.length === 0 && (
              <TableRow>
                <TableCell colSpan={4}>
                  <Typography align="center" color="textSecondary">
                    {framework
                      ? 'No control result of a check this framework counts.'
                      : 'No control results. Upload kube-bench or Policy Report output like any report.'}
                  </Typography>
                </TableCell>
              </TableRow>
            )}
          </TableBody>
        </Table>
      )}
      <CursorPageControls pages={pages} pageSize={PAGE_SIZE} noun="controls" />
    </Paper>
  );
}

/** Tool output can be long (audit commands, whole manifests); the full text is in the title. */
function shorten(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
