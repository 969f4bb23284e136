export { ComplianceSection } from './ComplianceSection';
export { ComplianceScoresLine } from './ComplianceScoresLine';
