import { logLevel } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { kafkaLogLevel, parseBrokers } from './client.ts';

describe('parseBrokers', () => {
  it('splits and trims', () => expect(parseBrokers(' a:1, b:2 ,')).toEqual(['a:1', 'b:2']));
  it('refuses an empty value with the variable name', () =>
    expect(() => parseBrokers('')).toThrow(/KAFKA_BROKERS/));
});

describe('kafkaLogLevel', () => {
  it('sends start-up and rebalance chatter to debug, an unreachable broker to warn, the rest as kafkajs says', () => {
    expect(
      kafkaLogLevel(
        logLevel.ERROR,
        '[Connection] Response Heartbeat(key: 12, version: 3)',
        'The group is rebalancing, so a rejoin is needed',
      ),
    ).toBe('debug');
    expect(
      kafkaLogLevel(
        logLevel.ERROR,
        '[Connection] Response GroupCoordinator(key: 10, version: 2)',
        'The group coordinator is not available',
      ),
    ).toBe('debug');
    expect(
      kafkaLogLevel(
        logLevel.ERROR,
        '[Connection] Response InitProducerId(key: 22, version: 1)',
        "The coordinator is loading and hence can't process requests",
      ),
    ).toBe('debug');
    expect(
      kafkaLogLevel(logLevel.ERROR, '[Connection] Connection error: connect ECONNREFUSED 127.0.0.1:1'),
    ).toBe('warn');
    expect(
      kafkaLogLevel(
        logLevel.ERROR,
        '[BrokerPool] Failed to connect to seed broker, trying another broker from the list: x',
      ),
    ).toBe('warn');
    expect(
      kafkaLogLevel(logLevel.ERROR, '[Consumer] Crash: KafkaJSNumberOfRetriesExceeded: insert failed'),
    ).toBe('error');
    expect(
      kafkaLogLevel(logLevel.ERROR, '[Producer] Failed to send messages', 'Topic authorization failed'),
    ).toBe('error');
    expect(kafkaLogLevel(logLevel.WARN, '[Consumer] Restarting the consumer in 1000ms')).toBe('warn');
    expect(kafkaLogLevel(logLevel.ERROR, '[Consumer] Restarting the consumer in 200ms')).toBe('warn');
    expect(
      kafkaLogLevel(
        logLevel.WARN,
        '[Producer] Limiting retries for the idempotent producer may invalidate EoS guarantees',
      ),
    ).toBe('debug');
    expect(kafkaLogLevel(logLevel.INFO, '[Consumer] Starting')).toBe('info');
  });
});
