// Phone and ID numbers never reach Kafka, S3 or ClickHouse in clear, whoever wrote the free text:
// a branch system (masked by the webhook gateway) or a person in the quality console (masked there).
// Mainland ID numbers (18 chars, last may be X), mobile numbers with optional +86, landlines.
const ID_NUMBER =
  /(?<![0-9A-Za-z])\d{6}(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[0-9Xx](?![0-9A-Za-z])/g;
const MOBILE = /(?<!\d)(?:\+?86[\s-]?)?1[3-9]\d[\s-]?\d{4}[\s-]?\d{4}(?!\d)/g;
const LANDLINE = /(?<!\d)0\d{2,3}-?\d{7,8}(?!\d)/g;

/** Masks ID and phone numbers in free text, keeping enough to read (`138****8000`). */
export function maskFreeText(text: string): string {
  return text
    .replace(ID_NUMBER, (m) => `${m.slice(0, 3)}***********${m.slice(-4)}`)
    .replace(MOBILE, (m) => {
      const d = m.replace(/\D/g, '').slice(-11);
      return `${d.slice(0, 3)}****${d.slice(-4)}`;
    })
    .replace(LANDLINE, (m) => `${m.slice(0, 4)}****${m.slice(-2)}`);
}
