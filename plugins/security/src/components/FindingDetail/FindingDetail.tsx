import { Link } from '@backstage/core-components';
import Dialog from '@material-ui/core/Dialog';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { Finding } from '@devsecops/plugin-security-common';
import { ReactNode } from 'react';
import { SeverityChip } from '../SeverityChip';

/** Only http(s) links from a scanner become clickable; anything else (javascript:, data:) stays text. */
export function safeHttpUrl(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}

function Row(props: { label: string; children: ReactNode }) {
  return (
    <TableRow>
      <TableCell component="th" scope="row" style={{ width: 160, verticalAlign: 'top' }}>
        {props.label}
      </TableCell>
      <TableCell style={{ wordBreak: 'break-word' }}>{props.children}</TableCell>
    </TableRow>
  );
}

/**
 * Everything known about one finding. Scanner text is untrusted: it is rendered as React text
 * (escaped), never as HTML.
 */
export function FindingDetail(props: { finding?: Finding; onClose(): void }) {
  const f = props.finding;
  const help = safeHttpUrl(f?.helpUri);
  return (
    <Dialog open={Boolean(f)} onClose={props.onClose} maxWidth="md" fullWidth aria-labelledby="finding-detail-title">
      {f && (
        <>
          <DialogTitle id="finding-detail-title">
            <SeverityChip severity={f.severity} /> {f.title}
          </DialogTitle>
          <DialogContent dividers>
            {f.message && (
              <Typography
                variant="body2"
                component="div"
                style={{ whiteSpace: 'pre-wrap', marginBottom: 16 }}
                data-testid="finding-message"
              >
                {f.message}
              </Typography>
            )}
            <Table size="small">
              <TableBody>
                <Row label="Rule">{f.vulnerabilityId ?? f.ruleId ?? '—'}</Row>
                {f.cwe && <Row label="CWE">{f.cwe.join(', ')}</Row>}
                <Row label="Type">{f.type}</Row>
                <Row label="Tool">{f.source ? `${f.tool} (${f.source})` : f.tool}</Row>
                {f.location && (
                  <Row label="Location">
                    {f.location.path}
                    {f.location.startLine ? `:${f.location.startLine}` : ''}
                    {f.location.endLine && f.location.endLine !== f.location.startLine ? `-${f.location.endLine}` : ''}
                  </Row>
                )}
                {f.package && (
                  <>
                    <Row label="Package">{f.package.purl ?? f.package.name}</Row>
                    <Row label="Installed">{f.package.installedVersion ?? '—'}</Row>
                    <Row label="Fixed in">{f.package.fixedVersion ?? 'no fix yet'}</Row>
                  </>
                )}
                <Row label="Status">
                  {f.status}
                  {f.suppression ? ` (${f.suppression.kind}${f.suppression.justification ? `: ${f.suppression.justification}` : ''})` : ''}
                </Row>
                <Row label="First seen">{new Date(f.firstSeen).toLocaleString()}</Row>
                <Row label="Last seen">{new Date(f.lastSeen).toLocaleString()}</Row>
                {f.fixedAt && <Row label="Fixed at">{new Date(f.fixedAt).toLocaleString()}</Row>}
                {f.helpUri && (
                  <Row label="Help">{help ? <Link to={help}>{help}</Link> : f.helpUri}</Row>
                )}
              </TableBody>
            </Table>
          </DialogContent>
        </>
      )}
    </Dialog>
  );
}
