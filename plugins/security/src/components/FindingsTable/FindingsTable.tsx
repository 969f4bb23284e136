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
import TableSortLabel from '@material-ui/core/TableSortLabel';
import Typography from '@material-ui/core/Typography';
import {
  Finding,
  FindingSortField,
  FindingsQuery,
} from '@devsecops/plugin-security-common';
import { securityApiRef } from '../../api';
import { useCursorPages } from '../../hooks/useCursorPages';
import { FindingDetail } from '../FindingDetail';
import { SeverityChip } from '../SeverityChip';
import { CursorPageControls } from './PageControls';
import { FindingFilters, FindingsFilterBar } from './FindingsFilterBar';

const PAGE_SIZE = 25;

// Short columns never wrap; the finding and where it is take the remaining width.
const COLUMNS: Array<{ label: string; sort?: FindingSortField; wide?: boolean }> = [
  { label: 'Severity', sort: 'severity' },
  { label: 'Finding', sort: 'title', wide: true },
  { label: 'Type' },
  { label: 'Tool' },
  { label: 'Where', wide: true },
  { label: 'Status' },
  { label: 'Last seen', sort: 'lastSeen' },
];
const nowrap = { whiteSpace: 'nowrap' } as const;

function where(f: Finding): string {
  if (f.package?.name) {
    return `${f.package.name}${f.package.installedVersion ? `@${f.package.installedVersion}` : ''}`;
  }
  if (f.location) {
    return `${f.location.path}${f.location.startLine ? `:${f.location.startLine}` : ''}`;
  }
  return '—';
}

export function FindingsTable(props: { entityRef: string; tools: string[] }) {
  const api = useApi(securityApiRef);
  const [filters, setFilters] = useState<FindingFilters>({ status: 'open' });
  const [sort, setSort] = useState<{ field: FindingSortField; order: 'asc' | 'desc' }>({
    field: 'severity',
    order: 'desc',
  });
  const [selected, setSelected] = useState<Finding | undefined>();

  const query: FindingsQuery = {
    severity: filters.severity ? [filters.severity] : undefined,
    type: filters.type ? [filters.type] : undefined,
    status: filters.status ? [filters.status] : undefined,
    tool: filters.tool ? [filters.tool] : undefined,
    q: filters.q || undefined,
    sort: sort.field,
    order: sort.order,
    limit: PAGE_SIZE,
  };
  const pages = useCursorPages(
    cursor => api.listFindings(props.entityRef, { ...query, cursor }),
    JSON.stringify([props.entityRef, query]),
  );

  const toggleSort = (field: FindingSortField) =>
    setSort(s =>
      s.field === field
        ? { field, order: s.order === 'asc' ? 'desc' : 'asc' }
        : { field, order: field === 'title' ? 'asc' : 'desc' },
    );

  return (
    <Paper>
      <FindingsFilterBar filters={filters} tools={props.tools} onChange={setFilters} />
      {pages.loading ? <LinearProgress /> : <Box height={4} />}
      {pages.error ? (
        <ResponseErrorPanel error={pages.error} />
      ) : (
        <Table size="small" aria-label="Findings">
          <TableHead>
            <TableRow>
              {COLUMNS.map(c => (
                <TableCell key={c.label} style={c.wide ? undefined : nowrap}>
                  {c.sort ? (
                    <TableSortLabel
                      active={sort.field === c.sort}
                      direction={sort.field === c.sort ? sort.order : 'desc'}
                      onClick={() => toggleSort(c.sort!)}
                    >
                      {c.label}
                    </TableSortLabel>
                  ) : (
                    c.label
                  )}
                </TableCell>
              ))}
            </TableRow>
          </TableHead>
          <TableBody>
            {pages.page?.items.map(f => (
              <TableRow
                key={f.id}
                hover
                style={{ cursor: 'pointer' }}
                onClick={() => setSelected(f)}
                data-testid="finding-row"
              >
                <TableCell>
                  <SeverityChip severity={f.severity} />
                </TableCell>
                <TableCell>
                  <Typography variant="body2">{f.title}</Typography>
                  <Typography variant="caption" color="textSecondary">
                    {f.vulnerabilityId ?? f.ruleId}
                  </Typography>
                </TableCell>
                <TableCell style={nowrap}>{f.type}</TableCell>
                <TableCell style={nowrap}>{f.tool}</TableCell>
                <TableCell style={{ wordBreak: 'break-all' }}>{where(f)}</TableCell>
                <TableCell style={nowrap}>{f.status}</TableCell>
                <TableCell style={nowrap}>{new Date(f.lastSeen).toLocaleDateString()}</TableCell>
              </TableRow>
            ))}
            {pages.page && pages.page.items.length === 0 && (
              <TableRow>
                <TableCell colSpan={COLUMNS.length}>
                  <Typography align="center" color="textSecondary">
                    No findings match these filters.
                  </Typography>
                </TableCell>
              </TableRow>
            )}
          </TableBody>
        </Table>
      )}
      <CursorPageControls pages={pages} pageSize={PAGE_SIZE} noun="findings" />
      <FindingDetail finding={selected} onClose={() => setSelected(undefined)} />
    </Paper>
  );
}
