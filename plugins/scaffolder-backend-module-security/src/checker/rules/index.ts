import { Rule } from './defineRule';
import { r01 } from './r01TopLevelPermissions';
import { r02 } from './r02JobWriteScopes';
import { r03 } from './r03Pinning';
import { r04 } from './r04DangerousTriggers';
import { r05 } from './r05ScriptInjection';
import { r06 } from './r06PersistCredentials';
import { r07 } from './r07TimeoutsConcurrency';
import { r08 } from './r08RemoteScripts';
import { r09 } from './r09Lockfiles';
import { r10 } from './r10Sast';
import { r11 } from './r11DependencyGate';
import { r12 } from './r12SecretScanning';
import { r13 } from './r13IacScanning';
import { r14 } from './r14DependencyUpdates';
import { r15 } from './r15ImageByDigest';
import { r16 } from './r16Sbom';
import { r17 } from './r17KeylessSigning';
import { r18 } from './r18Provenance';
import { r19 } from './r19VerifyBeforeDeploy';
import { r20 } from './r20ImageScanGate';
import { r21 } from './r21BranchProtection';
import { r22 } from './r22RepositoryFiles';
import { r23 } from './r23Binaries';
import { r24 } from './r24Dockerfile';
import { r25 } from './r25PodSecurity';
import { r26 } from './r26NetworkPolicy';
import { r27 } from './r27GitOps';
import { r28 } from './r28CatalogInfo';

export type { Rule } from './defineRule';

/** The rules of the standard, in order. */
export const RULES: readonly Rule[] = [
  r01,
  r02,
  r03,
  r04,
  r05,
  r06,
  r07,
  r08,
  r09,
  r10,
  r11,
  r12,
  r13,
  r14,
  r15,
  r16,
  r17,
  r18,
  r19,
  r20,
  r21,
  r22,
  r23,
  r24,
  r25,
  r26,
  r27,
  r28,
];
