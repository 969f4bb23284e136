import { Severity } from '@devsecops/plugin-security-common';
import { ColorChip } from '../ColorChip';

export const severityColors: Record<Severity, string> = {
  critical: '#7b1fa2',
  high: '#c62828',
  medium: '#ef6c00',
  low: '#f9a825',
  info: '#607d8b',
};

export function SeverityChip(props: { severity: Severity; count?: number; size?: 'small' | 'medium' }) {
  const label = props.count === undefined ? props.severity : `${props.severity} ${props.count.toLocaleString('en-US')}`;
  return (
    <ColorChip
      label={label}
      color={severityColors[props.severity]}
      size={props.size}
      testId={`severity-${props.severity}`}
      textTransform="capitalize"
    />
  );
}
