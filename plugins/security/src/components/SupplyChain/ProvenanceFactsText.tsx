import Typography from '@material-ui/core/Typography';
import { ProvenanceFacts } from '@devsecops/plugin-security-common';

/** Source, commit, workflow and builder of a build, as plain text (the values are untrusted). */
export function ProvenanceFactsText(props: { facts: ProvenanceFacts }) {
  const { facts } = props;
  return (
    <>
      <Typography variant="body2">
        {facts.sourceRepository ?? 'unknown source'}
        {facts.sourceCommit ? ` @ ${facts.sourceCommit.slice(0, 12)}` : ''}
      </Typography>
      {facts.workflow && (
        <Typography variant="caption" display="block" color="textSecondary">
          workflow {facts.workflow}
          {facts.sourceRef ? ` (${facts.sourceRef})` : ''}
        </Typography>
      )}
      {facts.builderId && (
        <Typography variant="caption" display="block" color="textSecondary">
          builder {facts.builderId} · SLSA {facts.slsaVersion}
        </Typography>
      )}
    </>
  );
}
