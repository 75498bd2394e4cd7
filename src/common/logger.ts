// pino, one child logger per component. Levels: `info` is rare (start, stop, formatting), a lost
// peer is `warn`, lost or corrupt data is `error`. Secrets are redacted by key name.
import { pino, type Logger, type DestinationStream } from 'pino';

export type { Logger };

export interface LoggerOptions {
  level?: string;
  destination?: DestinationStream;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const settings = {
    level: options.level ?? 'info',
    base: { pid: process.pid },
    redact: { paths: ['token', 'secret', 'clusterSecret', '*.token', '*.secret', '*.clusterSecret', 'authorization'], censor: '[redacted]' },
  };
  return options.destination ? pino(settings, options.destination) : pino(settings, pino.destination(2));
}

export const silentLogger: Logger = pino({ level: 'silent' });
