export { EntitySecurityCard } from './EntitySecurityCard';
