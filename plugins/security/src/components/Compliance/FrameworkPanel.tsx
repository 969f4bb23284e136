import Accordion from '@material-ui/core/Accordion';
import AccordionDetails from '@material-ui/core/AccordionDetails';
import AccordionSummary from '@material-ui/core/AccordionSummary';
import Box from '@material-ui/core/Box';
import LinearProgress from '@material-ui/core/LinearProgress';
import Typography from '@material-ui/core/Typography';
import ExpandMoreIcon from '@material-ui/icons/ExpandMore';
import { FrameworkScore } from '@devsecops/plugin-security-common';
import { RequirementsTable } from './RequirementsTable';
import { scoreColor } from './ScoreChip';

const OPT_IN: Record<FrameworkScore['optedInBy'], string> = {
  entity: 'opted in by this entity',
  system: 'inherited from its system',
  default: 'scored for every entity',
};

/** A framework's score, expandable to its requirements. */
export function FrameworkPanel(props: { framework: FrameworkScore }) {
  const f = props.framework;
  return (
    <Accordion data-testid={`framework-${f.id}`} TransitionProps={{ unmountOnExit: true }}>
      <AccordionSummary expandIcon={<ExpandMoreIcon />}>
        <Box display="flex" alignItems="center" gridGap={16} width="100%">
          <Box minWidth={220}>
            <Typography variant="subtitle1">{f.title}</Typography>
            <Typography variant="caption" color="textSecondary">
              {[f.version, OPT_IN[f.optedInBy]].filter(Boolean).join(' · ')}
            </Typography>
          </Box>
          <Box flexGrow={1} maxWidth={240}>
            <LinearProgress
              variant="determinate"
              value={f.score ?? 0}
              style={{ height: 8, borderRadius: 4 }}
              aria-label={`${f.title} score`}
            />
          </Box>
          <Typography variant="h6" style={{ color: scoreColor(f.score), minWidth: 72 }} data-testid="framework-score">
            {f.score === undefined ? '—' : `${f.score}%`}
          </Typography>
          <Typography variant="body2" color="textSecondary">
            {f.passed} passed · {f.failed} failed · {f.notAssessed} not assessed
          </Typography>
        </Box>
      </AccordionSummary>
      <AccordionDetails>
        <RequirementsTable requirements={f.requirements} />
      </AccordionDetails>
    </Accordion>
  );
}
