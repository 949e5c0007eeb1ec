import pino, { type DestinationStream, type Logger } from 'pino';

/**
 * JSON logs, one line per event. Credentials are redacted wherever they might be attached,
 * so a careless `log.info({ req })` cannot leak them.
 *
 * Without a destination, lines go to stdout through an asynchronous 4 KiB buffer: a
 * synchronous write per line is one syscall per request, which costs more than the rest of a
 * request's logging together. pino flushes the buffer on exit.
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
    destination ?? pino.destination({ dest: 1, sync: false, minLength: 4096 }),
  );
}
