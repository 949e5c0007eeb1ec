import pino, { type DestinationStream, type Logger } from 'pino';
import { serializeError } from './serialize-error';

/**
 * JSON logs, one line per event. Credentials are redacted wherever they might be attached,
 * so a careless `log.info({ req })` cannot leak them, and an error (`{ err }`) is logged without
 * the values of the query that failed (serializeError): those are users' emails, password
 * hashes and messages.
 *
 * Without a destination, lines go to stdout through an asynchronous 4 KiB buffer: a
 * synchronous write per line is one syscall per request, which costs more than the rest of a
 * request's logging together. The buffer is flushed at least every 250 ms, so a quiet server's
 * lines still show up promptly, and on exit by pino.
 */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'gatepost' },
      serializers: { err: serializeError },
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
    destination ?? bufferedStdout(),
  );
}

const FLUSH_EVERY_MS = 250;

function bufferedStdout(): DestinationStream {
  const stream = pino.destination({ dest: 1, sync: false, minLength: 4096 });
  setInterval(function flushLogs() {
    stream.flush();
  }, FLUSH_EVERY_MS).unref();
  return stream;
}
