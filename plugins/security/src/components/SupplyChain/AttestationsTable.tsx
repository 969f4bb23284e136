import Chip from '@material-ui/core/Chip';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { Attestation } from '@devsecops/plugin-security-common';
import { SigningBadge } from './SigningBadge';
import { describeSigner, describeStatement, shortDigest } from './describe';

/** Every uploaded attestation with what was checked, and why it failed when it did. */
export function AttestationsTable(props: { items: Attestation[] }) {
  return (
    <Table size="small" aria-label="Attestations">
      <TableHead style={{ whiteSpace: 'nowrap' }}>
        <TableRow>
          <TableCell>Verification</TableCell>
          <TableCell>Statement</TableCell>
          <TableCell>Subject</TableCell>
          <TableCell>Signer</TableCell>
          <TableCell>Transparency log</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {props.items.map(a => (
          <TableRow key={a.id} data-testid="attestation-row">
            <TableCell>
              <SigningBadge status={a.verification.status} />
            </TableCell>
            <TableCell>
              <Typography variant="body2">{describeStatement(a)}</Typography>
              {a.role === 'dependency' && <Chip size="small" variant="outlined" label="dependency" />}
              {a.verification.status === 'failed' ? (
                <Typography variant="body2" color="error" data-testid="attestation-reason">
                  {a.verification.reason}
                </Typography>
              ) : (
                <Typography variant="caption" display="block" color="textSecondary">
                  checked: {a.verification.checks.join(', ')}
                  {a.verification.policy?.source === 'none' ? ' · no identity policy' : ''}
                </Typography>
              )}
            </TableCell>
            <TableCell style={{ wordBreak: 'break-all' }}>
              <Typography variant="body2">{a.artifact}</Typography>
              <Typography variant="caption" color="textSecondary" title={a.subjectDigest}>
                {shortDigest(a.subjectDigest)}
              </Typography>
            </TableCell>
            <TableCell style={{ wordBreak: 'break-all' }}>
              <Typography variant="body2">{describeSigner(a.signer)}</Typography>
              <Typography variant="caption" color="textSecondary">
                {a.signer.issuer ?? ''}
              </Typography>
            </TableCell>
            <TableCell style={{ whiteSpace: 'nowrap' }}>
              {a.transparencyLog ? (
                <>
                  <Typography variant="body2">#{a.transparencyLog.logIndex}</Typography>
                  <Typography variant="caption" color="textSecondary">
                    {a.transparencyLog.integratedTime
                      ? new Date(a.transparencyLog.integratedTime).toLocaleString()
                      : ''}
                  </Typography>
                </>
              ) : (
                '—'
              )}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
