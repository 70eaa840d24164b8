// A signing webhook client for tests and the simulator's shape: signs exactly the bytes it sends.
import { sign } from '@servloop/webhook-signature';

export interface SendOptions {
  secret: string;
  id: string;
  timestampSeconds?: number;
  contentType?: string;
  tamper?: (body: string) => string;
}

export async function postEvent(url: string, body: unknown, o: SendOptions) {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  const ts = String(o.timestampSeconds ?? Math.floor(Date.now() / 1000));
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': o.contentType ?? 'application/json',
      'webhook-id': o.id,
      'webhook-timestamp': ts,
      'webhook-signature': sign(o.secret, o.id, ts, text),
    },
    body: o.tamper ? o.tamper(text) : text,
  });
  return {
    status: res.status,
    headers: res.headers,
    body: (await res.json().catch(() => null)) as Record<string, unknown> | null,
  };
}
