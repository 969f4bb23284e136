export { SummaryHeader } from './SummaryHeader';
