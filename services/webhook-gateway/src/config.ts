import { readFileSync } from 'node:fs';
import type { GatewayConfig } from './app.ts';

/**
 * Branch secrets come from SERVLOOP_BRANCH_SECRETS_FILE (JSON: { "B001": ["whsec_…", …] }) or
 * SERVLOOP_BRANCH_SECRETS (the same JSON inline). They are never logged.
 */
export function loadGatewayConfig(env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  const file = env.SERVLOOP_BRANCH_SECRETS_FILE;
  const json = file ? readFileSync(file, 'utf8') : env.SERVLOOP_BRANCH_SECRETS;
  if (!json)
    throw new Error(
      'set SERVLOOP_BRANCH_SECRETS_FILE or SERVLOOP_BRANCH_SECRETS (JSON: branchId → [secret, …])',
    );
  const parsed = JSON.parse(json) as Record<string, string[] | string>;
  const branchSecrets = new Map(Object.entries(parsed).map(([b, s]) => [b, Array.isArray(s) ? s : [s]]));
  const pseudonymSecret = env.SERVLOOP_PSEUDONYM_SECRET;
  if (!pseudonymSecret) throw new Error('set SERVLOOP_PSEUDONYM_SECRET (the HMAC key for customer keys)');
  const num = (name: string) => (env[name] ? Number(env[name]) : undefined);
  return {
    branchSecrets,
    pseudonymSecret,
    bodyLimitBytes: num('SERVLOOP_GATEWAY_BODY_LIMIT'),
    ratePerSecond: num('SERVLOOP_GATEWAY_RATE_PER_SECOND'),
    rateBurst: num('SERVLOOP_GATEWAY_RATE_BURST'),
  };
}
