import Chip from '@material-ui/core/Chip';
import { makeStyles } from '@material-ui/core/styles';
import { Severity } from '@devsecops/plugin-security-common';

export const severityColors: Record<Severity, string> = {
  critical: '#7b1fa2',
  high: '#c62828',
  medium: '#ef6c00',
  low: '#f9a825',
  info: '#607d8b',
};

const useStyles = makeStyles({
  chip: {
    color: '#fff',
    fontWeight: 600,
    textTransform: 'capitalize',
  },
});

export function SeverityChip(props: { severity: Severity; count?: number; size?: 'small' | 'medium' }) {
  const classes = useStyles();
  const label = props.count === undefined ? props.severity : `${props.severity} ${props.count.toLocaleString('en-US')}`;
  return (
    <Chip
      className={classes.chip}
      size={props.size ?? 'small'}
      label={label}
      style={{ backgroundColor: severityColors[props.severity] }}
      data-testid={`severity-${props.severity}`}
    />
  );
}
