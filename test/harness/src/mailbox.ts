// Reads what the SMTP sink received: maildev (local stack) or Mailpit (docker-compose).
export interface ReceivedMail {
  id: string;
  subject: string;
  to: string[];
  from: string;
  text: string;
  html: string;
  headers: Record<string, string>;
}

interface MaildevMail {
  id: string;
  subject: string;
  to: { address: string }[];
  from: { address: string }[];
  text?: string;
  html?: string;
  headers?: Record<string, string>;
}

export class Mailbox {
  constructor(readonly apiUrl: string) {}

  async list(): Promise<ReceivedMail[]> {
    const res = await fetch(`${this.apiUrl}/api/email`);
    if (!res.ok) throw new Error(`mail sink ${this.apiUrl}/api/email answered ${res.status}`);
    const mails = (await res.json()) as MaildevMail[];
    return mails.map((m) => ({
      id: m.id,
      subject: m.subject,
      to: m.to.map((t) => t.address),
      from: m.from[0]?.address ?? '',
      text: m.text ?? '',
      html: m.html ?? '',
      headers: m.headers ?? {},
    }));
  }

  /** Mail addressed to `to`; tests use a unique recipient so parallel files never see each other's. */
  async to(address: string): Promise<ReceivedMail[]> {
    return (await this.list()).filter((m) => m.to.includes(address));
  }

  /** Polls until `count` mails reached `address` (or throws with what did arrive). */
  async waitFor(address: string, count = 1, timeoutMs = 15_000): Promise<ReceivedMail[]> {
    const deadline = Date.now() + timeoutMs;
    let got: ReceivedMail[] = [];
    while (Date.now() < deadline) {
      got = await this.to(address);
      if (got.length >= count) return got;
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`expected ${count} mail(s) to ${address} within ${timeoutMs} ms, got ${got.length}`);
  }
}
