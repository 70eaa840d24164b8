// Customer identifiers never leave the gateway in clear (DESIGN.md §3).
import { createHmac } from 'node:crypto';
import { maskFreeText } from '@servloop/contracts';

/** Normalises a phone number to E.164; numbers without a country code are taken as Chinese (+86). */
export function toE164(raw: string): string | undefined {
  let digits = raw.replace(/[\s\-().]/g, '');
  if (digits.startsWith('00')) digits = `+${digits.slice(2)}`;
  if (digits.startsWith('+')) return /^\+[1-9]\d{6,14}$/.test(digits) ? digits : undefined;
  if (/^1[3-9]\d{9}$/.test(digits)) return `+86${digits}`; // mainland mobile
  if (/^0\d{9,11}$/.test(digits)) return `+86${digits.slice(1)}`; // landline with trunk 0
  return undefined;
}

export function customerKey(secret: string, e164: string): string {
  return `ck_${createHmac('sha256', secret).update(e164).digest('hex').slice(0, 32)}`;
}

export { maskFreeText };

// reason (complaint.extended) and note (complaint.callback) are free text too.
const FREE_TEXT_FIELDS = ['comment', 'description', 'resolution', 'reason', 'note'] as const;

interface RawCustomer {
  phone?: string;
  name?: string;
  idNumber?: string;
  customerKey?: string;
}

/**
 * Returns a copy of `data` with the customer reduced to a customerKey (HMAC of the E.164 phone,
 * else of the ID number) and free text masked. Names are dropped.
 */
export function pseudonymise(data: Record<string, unknown>, secret: string): Record<string, unknown> {
  const out: Record<string, unknown> = { ...data };
  const customer = data.customer as RawCustomer | undefined;
  if (customer) {
    const e164 = customer.phone ? toE164(customer.phone) : undefined;
    const basis = e164 ?? (customer.idNumber ? `id:${customer.idNumber.toUpperCase()}` : undefined);
    out.customer = basis
      ? { customerKey: customerKey(secret, basis) }
      : customer.customerKey
        ? { customerKey: customer.customerKey }
        : {};
  }
  for (const field of FREE_TEXT_FIELDS) {
    if (typeof out[field] === 'string') out[field] = maskFreeText(out[field] as string);
  }
  return out;
}
