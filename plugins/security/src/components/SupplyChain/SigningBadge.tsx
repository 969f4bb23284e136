import { SupplyChainSummary } from '@devsecops/plugin-security-common';
import { ColorChip } from '../ColorChip';

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

/** The signing state of an artifact or an attestation, the same everywhere it appears. */
export function SigningBadge(props: { status: BadgeStatus; label?: string }) {
  return (
    <ColorChip
      label={props.label ?? LABELS[props.status]}
      color={COLORS[props.status]}
      testId={`signing-${props.status}`}
    />
  );
}
