import Chip from '@material-ui/core/Chip';
import { makeStyles } from '@material-ui/core/styles';
import { SupplyChainSummary } from '@devsecops/plugin-security-common';

type BadgeStatus = SupplyChainSummary['status'];

const LABELS: Record<BadgeStatus, string> = {
  verified: 'Verified',
  failed: 'Failed',
  unsigned: 'Unsigned',
  none: 'No artifacts',
};
const COLORS: Record<BadgeStatus, string> = {
  verified: '#2e7d32',
  failed: '#c62828',
  unsigned: '#616161',
  none: '#9e9e9e',
};

const useStyles = makeStyles({
  chip: { color: '#fff', fontWeight: 600 },
});

/** The signing state of an artifact or an attestation, the same everywhere it appears. */
export function SigningBadge(props: { status: BadgeStatus; label?: string }) {
  const classes = useStyles();
  return (
    <Chip
      size="small"
      className={classes.chip}
      style={{ backgroundColor: COLORS[props.status] }}
      label={props.label ?? LABELS[props.status]}
      data-testid={`signing-${props.status}`}
    />
  );
}
