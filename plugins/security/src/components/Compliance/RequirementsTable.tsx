import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { RequirementAssessment } from '@devsecops/plugin-security-common';
import { FailingCheck, PassingChecks, UnassessedChecks } from './CheckLines';
import { OutcomeChip } from './ScoreChip';

/**
 * A framework's requirements, failures first. Within one, failing checks come with their
 * evidence and mapping source; passing and unassessed checks are summarised, since a broad
 * requirement (configuration standards) can have a hundred of them.
 */
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
            <TableCell style={{ wordBreak: 'break-word', verticalAlign: 'top' }}>
              {r.checks.length === 0 && (
                <Typography variant="caption" color="textSecondary">
                  No check in the catalogue assesses this requirement.
                </Typography>
              )}
              {r.checks
                .filter(c => c.status === 'fail')
                .map(c => (
                  <FailingCheck key={c.id} check={c} />
                ))}
              <PassingChecks checks={r.checks.filter(c => c.status === 'pass')} />
              <UnassessedChecks checks={r.checks.filter(c => c.status === 'not-assessed')} />
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
