export { SupplyChainSection } from './SupplyChainSection';
export { SigningBadge } from './SigningBadge';
