/**
 * yarn security:refresh-trust-root [--mirror <TUF repository URL>] [--root <root.json>] [--out <dir>]
 *
 * Refreshes the pinned Sigstore trusted root and npm registry keys through TUF. Verification
 * never needs the network; only this refresh does.
 */
import { resolve } from 'node:path';
import {
  PUBLIC_GOOD_TUF,
  refreshTrustRoot,
} from '../plugins/security-backend/src/supplychain/refreshTrustRoot';

function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
}

const mirrorURL = option('mirror') ?? PUBLIC_GOOD_TUF;
const outDir = resolve(option('out') ?? resolve(__dirname, '../plugins/security-backend/trust'));

refreshTrustRoot({ mirrorURL, rootPath: option('root'), outDir })
  .then(({ trustedRoot, npmKeys }) => {
    console.log(
      `trusted root from ${mirrorURL}: ${trustedRoot.certificateAuthorities?.length ?? 0} CAs, ${trustedRoot.tlogs?.length ?? 0} transparency logs` +
        (npmKeys ? `, ${npmKeys.keys.length} npm registry keys` : ', no npm registry keys (kept the pinned ones)'),
    );
    console.log(`written to ${outDir}; restart the backend to use them`);
  })
  .catch(error => {
    console.error(`Refreshing the trusted root failed: ${error.message}`);
    console.error('It needs HTTPS access to the TUF repository; the pinned files were left unchanged.');
    process.exit(1);
  });
