import { createServer } from 'node:net';

function onePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/** Two distinct free ports (a broker and its controller). */
export async function freePortPair(): Promise<[number, number]> {
  const a = await onePort();
  let b = await onePort();
  while (b === a) b = await onePort();
  return [a, b];
}

/** Where the all-in-one serves the quality console (SERVLOOP_CONSOLE_PORT, default 8090). */
export const consolePort = (env: NodeJS.ProcessEnv = process.env) =>
  Number(env.SERVLOOP_CONSOLE_PORT || 8090);
/** The console's address in alert e-mails (SERVLOOP_CONSOLE_PUBLIC_URL, default http://127.0.0.1:<port>). */
export const consolePublicUrl = (env: NodeJS.ProcessEnv = process.env) =>
  env.SERVLOOP_CONSOLE_PUBLIC_URL || `http://127.0.0.1:${consolePort(env)}`;
