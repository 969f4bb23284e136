import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { ArtifactSigning } from '@devsecops/plugin-security-common';
import { SigningBadge } from './SigningBadge';
import { ProvenanceFactsText } from './ProvenanceFactsText';
import { describeSigner, shortDigest } from './describe';

/** Each artifact the entity ships or signed, with its signature state and provenance. */
export function ArtifactsTable(props: { artifacts: ArtifactSigning[] }) {
  return (
    <Table size="small" aria-label="Artifacts">
      <TableHead style={{ whiteSpace: 'nowrap' }}>
        <TableRow>
          <TableCell>Signature</TableCell>
          <TableCell>Artifact</TableCell>
          <TableCell>Signed by</TableCell>
          <TableCell>Built from</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {props.artifacts.map(a => (
          <TableRow key={a.artifact} data-testid="artifact-row">
            <TableCell>
              <SigningBadge status={a.status} />
            </TableCell>
            <TableCell style={{ wordBreak: 'break-all' }}>
              <Typography variant="body2">{a.artifact}</Typography>
              <Typography variant="caption" color="textSecondary" title={a.digest}>
                {a.declared ? 'declared · ' : ''}
                {shortDigest(a.digest)}
              </Typography>
              {a.reason && (
                <Typography variant="body2" color="error" data-testid="artifact-reason">
                  {a.reason}
                </Typography>
              )}
            </TableCell>
            <TableCell style={{ wordBreak: 'break-all' }}>
              {a.signer ? (
                <>
                  <Typography variant="body2">{describeSigner(a.signer)}</Typography>
                  <Typography variant="caption" color="textSecondary">
                    {a.signer.issuer ?? ''}
                  </Typography>
                </>
              ) : (
                '—'
              )}
            </TableCell>
            <TableCell style={{ wordBreak: 'break-all' }}>
              {a.provenance ? <ProvenanceFactsText facts={a.provenance} /> : '—'}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
