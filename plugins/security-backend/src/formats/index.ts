import { ReportFormat } from '@devsecops/plugin-security-node';
import { cyclonedxFormat } from './cyclonedx';
import { grypeFormat } from './grype';
import { complianceOperatorFormat } from './complianceOperator';
import { kubeBenchFormat } from './kubeBench';
import { kubescapeFormat } from './kubescape';
import { oscalAssessmentResultsFormat } from './oscal';
import { xccdfFormat } from './xccdf';
import { kubernetesManifestsFormat } from '../evaluate/manifestsFormat';
import { policyReportFormat } from './policyReport';
import { openvexFormat } from './openvex';
import { sarifFormat } from './sarif';
import {
  cosignBundleFormat,
  npmAttestationsFormat,
  sigstoreBundleFormat,
} from './sigstore';
import { spdxFormat } from './spdx';
import { trivyFormat } from './trivy';

/** The formats the plugin registers through its own extension point. */
export const builtInFormats: ReportFormat[] = [
  sarifFormat,
  cyclonedxFormat,
  spdxFormat,
  trivyFormat,
  grypeFormat,
  openvexFormat,
  kubeBenchFormat,
  policyReportFormat,
  complianceOperatorFormat,
  kubescapeFormat,
  oscalAssessmentResultsFormat,
  xccdfFormat,
  kubernetesManifestsFormat,
  // an npm attestations response holds bundles, so it must be recognised before them
  npmAttestationsFormat,
  cosignBundleFormat,
  sigstoreBundleFormat,
];
