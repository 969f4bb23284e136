import Typography from '@material-ui/core/Typography';
import { CheckAssessment } from '@devsecops/plugin-security-common';

const PASSING_LISTED = 5;
const MESSAGE_SHOWN = 240;
const UNASSESSED_NAMED = 3;

/** A failing check: what failed where, and why it counts towards the requirement. */
export function FailingCheck(props: { check: CheckAssessment }) {
  const { check } = props;
  const counts = Object.entries(check.results)
    .map(([status, n]) => `${n} ${status}`)
    .join(', ');
  return (
    <div style={{ marginBottom: 8 }} data-testid="check-line">
      <Typography variant="body2">
        <span style={{ fontWeight: 600, color: '#c62828' }}>✗ {check.title}</span>{' '}
        <Typography component="span" variant="caption" color="textSecondary">
          {check.id}
          {counts && ` — ${counts}`}
        </Typography>
      </Typography>
      {check.evidence.map((e, i) => (
        <div key={i}>
          <Typography variant="caption" display="block" data-testid="check-evidence" title={e.message}>
            {[e.source, e.controlId, e.resource, e.field, e.message && shorten(e.message)].filter(Boolean).join(' · ')}
          </Typography>
          {e.remediation && (
            <Typography variant="caption" display="block" color="primary" data-testid="check-remediation" title={e.remediation}>
              Fix: {shorten(e.remediation)}
            </Typography>
          )}
        </div>
      ))}
      <Typography variant="caption" color="textSecondary" display="block">
        Mapping: {check.citation}
      </Typography>
    </div>
  );
}

/** Passing checks by title; each one's mapping source is in its tooltip. */
export function PassingChecks(props: { checks: CheckAssessment[] }) {
  if (props.checks.length === 0) return null;
  const shown = props.checks.slice(0, PASSING_LISTED);
  return (
    <Typography variant="caption" display="block" style={{ color: '#2e7d32' }} data-testid="passing-checks">
      ✓{' '}
      {shown.map((c, i) => (
        <span key={c.id} title={`${c.id}. Mapping: ${c.citation}`}>
          {c.title}
          {i < shown.length - 1 ? '; ' : ''}
        </span>
      ))}
      {props.checks.length > shown.length && ` and ${props.checks.length - shown.length} more passed`}
    </Typography>
  );
}

/** How many mapped checks no uploaded report speaks to, naming a few. */
export function UnassessedChecks(props: { checks: CheckAssessment[] }) {
  if (props.checks.length === 0) return null;
  const named = props.checks.slice(0, UNASSESSED_NAMED).map(c => c.title);
  const rest = props.checks.length - named.length;
  return (
    <Typography variant="caption" color="textSecondary" display="block" data-testid="unassessed-checks">
      Not assessed: {named.join('; ')}
      {rest > 0 && ` and ${rest} more`} — no uploaded report covers {props.checks.length === 1 ? 'it' : 'them'}.
    </Typography>
  );
}

/** Tool output can be a whole process list; the full text is in the tooltip. */
function shorten(text: string): string {
  return text.length > MESSAGE_SHOWN ? `${text.slice(0, MESSAGE_SHOWN)}…` : text;
}
