import nodemailer from 'nodemailer';

export interface MailMessage {
  from: string;
  to: string | string[];
  subject: string;
  text: string;
  html?: string;
  headers?: Record<string, string>;
}

export interface SentMail {
  messageId: string;
  accepted: string[];
  rejected: string[];
  response: string;
}

export interface Mailer {
  send(message: MailMessage): Promise<SentMail>;
  close(): void;
}

/** `smtp://host:port` (plain, as local sinks speak) or `smtps://user:pass@host:465`. */
export function createMailer(smtpUrl: string): Mailer {
  const transport = nodemailer.createTransport(smtpUrl);
  return {
    async send(message) {
      const info = await transport.sendMail(message);
      return {
        messageId: info.messageId,
        accepted: (info.accepted ?? []).map(String),
        rejected: (info.rejected ?? []).map(String),
        response: info.response,
      };
    },
    close: () => transport.close(),
  };
}

/** SMTP reply codes arrive on the error as `responseCode`; 4xx is worth retrying, 5xx is final. */
export function smtpErrorClass(err: unknown): 'transient' | 'permanent' | 'unknown' {
  const code = (err as { responseCode?: number } | undefined)?.responseCode;
  if (typeof code !== 'number') return 'unknown';
  if (code >= 400 && code < 500) return 'transient';
  if (code >= 500) return 'permanent';
  return 'unknown';
}
