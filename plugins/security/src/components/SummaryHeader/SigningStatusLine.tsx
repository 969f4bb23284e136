import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { SupplyChainSummary } from '@devsecops/plugin-security-common';
import { SigningBadge } from '../SupplyChain/SigningBadge';

/** The entity's signing state in one line: the worst artifact's badge and the counts. */
export function SigningStatusLine(props: { signing: SupplyChainSummary }) {
  const { signing } = props;
  if (signing.status === 'none') return null;
  const parts = [
    `${signing.verified} verified`,
    signing.failed ? `${signing.failed} failed` : '',
    signing.unsigned ? `${signing.unsigned} unsigned` : '',
  ].filter(Boolean);
  return (
    <Box display="flex" alignItems="center" gridGap={8} mt={1} data-testid="signing-status">
      <Typography variant="body2">Signing</Typography>
      <SigningBadge status={signing.status} />
      <Typography variant="body2" color="textSecondary">
        {`${parts.join(' · ')} of ${signing.artifacts} artifact${signing.artifacts === 1 ? '' : 's'}`}
      </Typography>
    </Box>
  );
}
