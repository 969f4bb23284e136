import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { CheckAssessment, RequirementAssessment } from '@devsecops/plugin-security-common';
import { OutcomeChip } from './ScoreChip';

/** A framework's requirements, failures first, each with the checks that decided it. */
export function RequirementsTable(props: { requirements: RequirementAssessment[] }) {
  return (
    <Table size="small" aria-label="Requirements">
      <TableHead>
        <TableRow>
          <TableCell>Outcome</TableCell>
          <TableCell>Requirement</TableCell>
          <TableCell>Checks and evidence</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {props.requirements.map(r => (
          <TableRow key={r.id} data-testid="requirement-row">
            <TableCell style={{ verticalAlign: 'top' }}>
              <OutcomeChip status={r.status} />
            </TableCell>
            <TableCell style={{ width: '30%', verticalAlign: 'top' }}>
              <Typography variant="body2">
                <strong>{r.id}</strong> {r.title}
              </Typography>
            </TableCell>
            <TableCell style={{ wordBreak: 'break-word' }}>
              {r.checks.length === 0 && (
                <Typography variant="caption" color="textSecondary">
                  No check in the catalogue assesses this requirement.
                </Typography>
              )}
              {r.checks.map(c => (
                <CheckLine key={c.id} check={c} />
              ))}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

function CheckLine(props: { check: CheckAssessment }) {
  const { check } = props;
  const counts = Object.entries(check.results)
    .map(([status, n]) => `${n} ${status}`)
    .join(', ');
  return (
    <div style={{ marginBottom: 8 }} data-testid="check-line">
      <Typography variant="body2">
        <span style={{ fontWeight: 600 }}>{check.status === 'fail' ? '✗' : '·'} {check.title}</span>{' '}
        <Typography component="span" variant="caption" color="textSecondary">
          {check.id}
          {counts && ` — ${counts}`}
        </Typography>
      </Typography>
      {check.evidence.map((e, i) => (
        <Typography key={i} variant="caption" display="block" data-testid="check-evidence">
          {[e.source, e.controlId, e.resource, e.field, e.message].filter(Boolean).join(' · ')}
        </Typography>
      ))}
      <Typography variant="caption" color="textSecondary" display="block">
        Mapping: {check.citation}
      </Typography>
    </div>
  );
}
