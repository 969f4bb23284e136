import { CodeSnippet, EmptyState } from '@backstage/core-components';
import { discoveryApiRef, useApi } from '@backstage/core-plugin-api';
import Typography from '@material-ui/core/Typography';
import useAsync from 'react-use/esm/useAsync';

/** The exact command a pipeline runs to send this entity its first report. */
export function uploadCommand(baseUrl: string, entityRef: string) {
  const url = `${baseUrl}/v1/reports?entityRef=${encodeURIComponent(entityRef)}`;
  return [
    'gzip -c results.sarif | curl --fail-with-body -X POST \\',
    `  "${url}" \\`,
    '  -H "Authorization: Bearer $SECURITY_INGEST_TOKEN" \\',
    '  -H "Content-Encoding: gzip" --data-binary @-',
  ].join('\n');
}

export function UploadInstructions(props: { entityRef: string }) {
  const discoveryApi = useApi(discoveryApiRef);
  const { value: baseUrl } = useAsync(() => discoveryApi.getBaseUrl('security'), [discoveryApi]);
  return (
    <EmptyState
      missing="data"
      title="No security reports yet"
      description="Upload a report from CI and it appears here: SARIF from any scanner, CycloneDX or SPDX SBOMs, Trivy or Grype JSON, OpenVEX."
      action={
        <>
          <Typography variant="body1" gutterBottom>
            Send a report for this entity from your pipeline:
          </Typography>
          <CodeSnippet
            language="bash"
            showCopyCodeButton
            text={uploadCommand(baseUrl ?? '<backend>/api/security', props.entityRef)}
          />
        </>
      }
    />
  );
}
