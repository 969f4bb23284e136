import Typography from '@material-ui/core/Typography';
import { ComponentProvenance } from '@devsecops/plugin-security-common';
import { SigningBadge } from '../SupplyChain/SigningBadge';

/** A package's attested provenance: where it was built, or why the attestation fails. */
export function ProvenanceCell(props: { provenance?: ComponentProvenance }) {
  const { provenance } = props;
  if (!provenance) return <>—</>;
  return (
    <div data-testid="component-provenance">
      <SigningBadge status={provenance.status} />
      {provenance.status === 'failed' ? (
        <Typography variant="caption" display="block" color="error">
          {provenance.reason}
        </Typography>
      ) : (
        <Typography variant="caption" display="block" color="textSecondary" style={{ wordBreak: 'break-all' }}>
          {provenance.sourceRepository ?? ''}
          {provenance.sourceCommit ? ` @ ${provenance.sourceCommit.slice(0, 12)}` : ''}
          {provenance.signer ? ` · signed by ${provenance.signer}` : ''}
        </Typography>
      )}
    </div>
  );
}
