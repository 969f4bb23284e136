import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { FrameworkScoreSummary } from '@devsecops/plugin-security-common';
import { ScoreChip } from './ScoreChip';

/** One chip per framework the entity opted into; nothing when it opted into none. */
export function ComplianceScoresLine(props: { scores: FrameworkScoreSummary[] | undefined }) {
  if (!props.scores?.length) return null;
  return (
    <Box display="flex" alignItems="center" flexWrap="wrap" gridGap={8} mt={1} data-testid="compliance-scores">
      <Typography variant="body2">Compliance</Typography>
      {props.scores.map(s => (
        <span key={s.id} title={`${s.passed} passed, ${s.failed} failed, ${s.notAssessed} not assessed`}>
          <ScoreChip label={s.title} score={s.score} testId={`compliance-score-${s.id}`} />
        </span>
      ))}
    </Box>
  );
}
