import { appendFileSync, closeSync, fstatSync, openSync, readFileSync } from 'node:fs';

/**
 * The embedded server's log file. initdb and postgres write to its descriptor directly, so the
 * log keeps being written even when gatepost itself is gone.
 */
export interface ServerLog {
  readonly file: string;
  readonly fd: number;
  note(message: string): void;
  /** Where the log ends now: a mark to read what one start of the server wrote. */
  end(): number;
  /** What was written from `mark` on. */
  readFrom(mark: number): string;
  /** The last line from `mark` on worth showing a person (a FATAL/PANIC/ERROR, else the last one), without its timestamp. */
  lastProblem(mark: number): string;
  close(): void;
}

/** PostgreSQL's default log_line_prefix, '%m [%p] ': a timestamp with zone and the pid. */
const LOG_LINE_PREFIX = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d+)? \S+ \[\d+\] /;
const PROBLEM = /\b(FATAL|PANIC|ERROR)\b|initdb: error|No space left|Permission denied/;

export function openServerLog(file: string): ServerLog {
  const fd = openSync(file, 'a', 0o600);
  const readFrom = (mark: number) => readFileSync(file).subarray(mark).toString('utf8');
  return {
    file,
    fd,
    note: (message) => appendFileSync(fd, `[gatepost] ${new Date().toISOString()} ${message}\n`),
    end: () => fstatSync(fd).size,
    readFrom,
    lastProblem(mark) {
      const lines = readFrom(mark)
        .split('\n')
        .map((line) => line.replace(LOG_LINE_PREFIX, '').trim())
        .filter((line) => line && !line.startsWith('[gatepost]'));
      return lines.findLast((line) => PROBLEM.test(line)) ?? lines.at(-1) ?? 'it printed nothing';
    },
    close: () => closeSync(fd),
  };
}
