// The two servers the gateway benchmark compares, each in its own process.
import { createServer } from 'node:http';
import { start } from '@servloop/webhook-gateway';

const kind = process.argv[2];
if (kind === 'bare') {
  // Reads the whole body and answers 202: the floor any HTTP service pays.
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      if (Array.isArray(body))
        return res
          .writeHead(207, { 'content-type': 'application/json' })
          .end(JSON.stringify({ results: body.map((e: { id: string }) => ({ id: e.id, status: 202 })) }));
      res.writeHead(202, { 'content-type': 'application/json' }).end('{"status":"accepted"}');
    });
  });
  server.listen(0, '127.0.0.1', () =>
    console.log(`listening http://127.0.0.1:${(server.address() as { port: number }).port}`),
  );
} else {
  const gateway = await start({
    config: {
      branchSecrets: new Map([['B001', [process.env.BENCH_SECRET!]]]),
      pseudonymSecret: 'bench',
      ratePerSecond: 1e9,
      rateBurst: 1e9,
    },
    kafkaBrokers: process.env.KAFKA_BROKERS!,
    redisUrl: process.env.REDIS_URL!,
    port: 0,
    // The bench sends hundreds of thousands of ids: keep them apart and let them expire soon (120 s), or
    // a growing Redis (rehashing, expiry scans) slows every later run.
    idempotency: { redisPrefix: `bench:${process.pid}:webhook-id:`, ttlSeconds: 120 },
  });
  console.log(`listening ${gateway.address}`);
  process.once('SIGTERM', () => void gateway.stop().then(() => process.exit(0)));
}
