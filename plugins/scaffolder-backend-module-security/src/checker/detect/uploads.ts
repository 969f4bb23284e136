import { CiJob } from '../model/ciJob';
import { commandsOf } from './commands';
import { Evidence, commandEvidence, stepEvidence, usesStep } from './evidence';

// Where SARIF goes: code scanning and the portal (R13, R20).

/** `github/codeql-action/upload-sarif` (or `analyze`, which uploads its own results). */
export function codeScanningUploads(job: CiJob): Evidence[] {
  return usesStep(job, /^github\/codeql-action\/upload-sarif$/).map(s =>
    stepEvidence(job, s, 'github/codeql-action/upload-sarif'),
  );
}

/** A `curl`/`wget` POST of a report to the portal's ingest API. */
export function portalUploads(job: CiJob): Evidence[] {
  return commandsOf(job)
    .filter(
      c =>
        ['curl', 'wget'].includes(c.program) &&
        /\/api\/security\/v1\/reports\b/.test(c.text),
    )
    .map(c => commandEvidence(job, c, 'upload to the portal'));
}
