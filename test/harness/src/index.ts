export { LEAK, outsideReads, WRITES } from './analyst-probes.ts';
export { ENDPOINT_NAMES, type Endpoints, parseEnvFile, repoRoot, resolveEndpoints } from './endpoints.ts';
export { type Isolation, isolate } from './isolation.ts';
export { Mailbox, type ReceivedMail } from './mailbox.ts';
export { freePort, waitUntil } from './wait.ts';
export { postEvent, type SendOptions } from './webhook-client.ts';
