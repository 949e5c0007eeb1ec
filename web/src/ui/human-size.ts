const UNITS = ['KB', 'MB', 'GB', 'TB'];

/** A size as people read it: `68 bytes`, `1.2 MB` (decimal units, as file managers and browsers show them). */
export function humanSize(bytes: number): string {
  if (bytes < 1000) return `${bytes} ${bytes === 1 ? 'byte' : 'bytes'}`;
  let value = bytes / 1000;
  let unit = 0;
  while (value >= 1000 && unit < UNITS.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return `${value.toLocaleString('en', { maximumFractionDigits: value < 10 ? 1 : 0 })} ${UNITS[unit]}`;
}
