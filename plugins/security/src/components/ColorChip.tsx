import Chip from '@material-ui/core/Chip';
import { makeStyles } from '@material-ui/core/styles';

const useStyles = makeStyles({
  chip: { color: '#fff', fontWeight: 600 },
});

/** A small chip in a status colour, with white text, for severities, results and badges. */
export function ColorChip(props: {
  label: string;
  color: string;
  testId: string;
  size?: 'small' | 'medium';
  textTransform?: 'capitalize' | 'uppercase';
}) {
  const classes = useStyles();
  return (
    <Chip
      size={props.size ?? 'small'}
      className={classes.chip}
      style={{ backgroundColor: props.color, textTransform: props.textTransform }}
      label={props.label}
      data-testid={props.testId}
    />
  );
}
