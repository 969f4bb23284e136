import { ControlStatus } from '@devsecops/plugin-security-common';
import { ColorChip } from '../ColorChip';

const COLORS: Record<ControlStatus, string> = {
  fail: '#c62828',
  error: '#6a1b9a',
  warn: '#ef6c00',
  pass: '#2e7d32',
  skip: '#757575',
};

export function ControlStatusChip(props: { status: ControlStatus; count?: number }) {
  return (
    <ColorChip
      label={props.count === undefined ? props.status : `${props.status} ${props.count.toLocaleString('en-US')}`}
      color={COLORS[props.status]}
      testId={`control-${props.status}`}
      textTransform="uppercase"
    />
  );
}
