import pino, { type DestinationStream, type Logger } from 'pino';

/**
 * JSON logs, one line per event. Credentials are redacted wherever they might be attached,
 * so a careless `log.info({ req })` cannot leak them.
 */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'gatepost' },
      redact: {
        paths: [
          'req.headers.authorization',
          'req.headers.cookie',
          'headers.authorization',
          'headers.cookie',
          '*.password',
          '*.token',
          '*.apiKey',
        ],
        censor: '[redacted]',
      },
    },
    destination,
  );
}
