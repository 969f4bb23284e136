import { useEffect, useState } from 'react';
import { ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import LinearProgress from '@material-ui/core/LinearProgress';
import Paper from '@material-ui/core/Paper';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { securityApiRef } from '../../api';
import { useCursorPages } from '../../hooks/useCursorPages';
import { CursorPageControls } from '../FindingsTable/PageControls';
import { ProvenanceCell } from './ProvenanceCell';

const PAGE_SIZE = 25;

/** The entity's SBOM: every component with its licenses and, when attested, provenance. */
export function ComponentsTable(props: { entityRef: string }) {
  const api = useApi(securityApiRef);
  const [text, setText] = useState('');
  const [q, setQ] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setQ(text), 300);
    return () => clearTimeout(timer);
  }, [text]);

  const pages = useCursorPages(
    cursor => api.listComponents(props.entityRef, { q: q || undefined, limit: PAGE_SIZE, cursor }),
    JSON.stringify([props.entityRef, q]),
  );

  return (
    <Paper>
      <Box p={2}>
        <TextField
          variant="outlined"
          size="small"
          label="Search components"
          value={text}
          onChange={e => setText(e.target.value)}
        />
      </Box>
      {pages.loading ? <LinearProgress /> : <Box height={4} />}
      {pages.error ? (
        <ResponseErrorPanel error={pages.error} />
      ) : (
        <Table size="small" aria-label="SBOM components">
          <TableHead style={{ whiteSpace: 'nowrap' }}>
            <TableRow>
              <TableCell>Component</TableCell>
              <TableCell>Version</TableCell>
              <TableCell>Licenses</TableCell>
              <TableCell>Dependency</TableCell>
              <TableCell>Package URL</TableCell>
              <TableCell>Provenance</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {pages.page?.items.map(c => (
              <TableRow key={c.id} data-testid="component-row">
                <TableCell>{c.name}</TableCell>
                <TableCell>{c.version ?? '—'}</TableCell>
                <TableCell>
                  {c.licenses.length === 0
                    ? <Typography variant="caption" color="textSecondary">unknown</Typography>
                    : c.licenses.map(l => <Chip key={l} size="small" label={l} style={{ marginRight: 4 }} />)}
                </TableCell>
                <TableCell>{dependencyKind(c.direct)}</TableCell>
                <TableCell style={{ wordBreak: 'break-all' }}>{c.purl ?? '—'}</TableCell>
                <TableCell>
                  <ProvenanceCell provenance={c.provenance} />
                </TableCell>
              </TableRow>
            ))}
            {pages.page && pages.page.items.length === 0 && (
              <TableRow>
                <TableCell colSpan={6}>
                  <Typography align="center" color="textSecondary">No components.</Typography>
                </TableCell>
              </TableRow>
            )}
          </TableBody>
        </Table>
      )}
      <CursorPageControls pages={pages} pageSize={PAGE_SIZE} noun="components" />
    </Paper>
  );
}

/** Unknown when the SBOM has no dependency graph (or for the described artifact itself). */
function dependencyKind(direct: boolean | undefined): string {
  if (direct === undefined) return '—';
  return direct ? 'direct' : 'transitive';
}
