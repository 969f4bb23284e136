export { FindingDetail, safeHttpUrl } from './FindingDetail';
