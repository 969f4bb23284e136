import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { CONTROL_STATUSES, ControlCounts } from '@devsecops/plugin-security-common';
import { ControlStatusChip } from '../ControlsTable/ControlStatusChip';

/** Control results by outcome, in one line; nothing when no compliance tool reported. */
export function ControlCountsLine(props: { counts: ControlCounts }) {
  const present = CONTROL_STATUSES.filter(s => props.counts[s] > 0);
  if (present.length === 0) return null;
  return (
    <Box display="flex" alignItems="center" flexWrap="wrap" gridGap={8} mt={1} data-testid="control-counts">
      <Typography variant="body2">Controls</Typography>
      {present.map(s => (
        <ControlStatusChip key={s} status={s} count={props.counts[s]} />
      ))}
    </Box>
  );
}
