// Standard Webhooks (standardwebhooks.com) signature verification on the raw request bytes.
import { createHmac, timingSafeEqual } from 'node:crypto';

export const TOLERANCE_SECONDS = 5 * 60;

export type SignatureCheck = { ok: true } | { ok: false; reason: string };

// Secrets are few and verified on every request: decode each once.
const decoded = new Map<string, Buffer>();

/** `whsec_<base64>` (the Standard Webhooks form) or plain base64 → key bytes. */
export function secretBytes(secret: string): Buffer {
  let bytes = decoded.get(secret);
  if (!bytes) {
    bytes = Buffer.from(secret.startsWith('whsec_') ? secret.slice(6) : secret, 'base64');
    decoded.set(secret, bytes);
  }
  return bytes;
}

function mac(secret: string, id: string, timestamp: string, body: Buffer | string): Buffer {
  return createHmac('sha256', secretBytes(secret)).update(`${id}.${timestamp}.`).update(body).digest();
}

export function sign(secret: string, id: string, timestamp: string, body: Buffer | string): string {
  return `v1,${mac(secret, id, timestamp, body).toString('base64')}`;
}

/**
 * Verifies `webhook-signature` (space-separated `v1,<base64>` entries: several during secret
 * rotation) against every current secret of the branch, in constant time per comparison.
 */
export function verify(
  secrets: string[],
  headers: { id?: string; timestamp?: string; signature?: string },
  body: Buffer,
  nowSeconds = Math.floor(Date.now() / 1000),
): SignatureCheck {
  const { id, timestamp, signature } = headers;
  if (!id || !timestamp || !signature) {
    return { ok: false, reason: 'webhook-id, webhook-timestamp and webhook-signature headers are required' };
  }
  if (!/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: 'webhook-timestamp must be Unix seconds' };
  const skew = nowSeconds - Number(timestamp);
  if (Math.abs(skew) > TOLERANCE_SECONDS) {
    return {
      ok: false,
      reason: `webhook-timestamp is ${Math.abs(skew)} s ${skew > 0 ? 'old' : 'in the future'}; tolerance is ${TOLERANCE_SECONDS} s`,
    };
  }
  const offered = signature
    .split(' ')
    .filter((s) => s.startsWith('v1,'))
    .map((s) => Buffer.from(s.slice(3), 'base64'));
  if (offered.length === 0) return { ok: false, reason: 'webhook-signature has no v1 signature' };
  for (const secret of secrets) {
    const expected = mac(secret, id, timestamp, body);
    for (const candidate of offered) {
      if (candidate.length === expected.length && timingSafeEqual(candidate, expected)) return { ok: true };
    }
  }
  return { ok: false, reason: 'no signature matches the body with any current secret of this branch' };
}
