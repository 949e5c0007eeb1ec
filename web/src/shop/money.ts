const dollars = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });

/** Money travels as integer cents (never a float); only the display divides. */
export function formatCents(cents: number): string {
  return dollars.format(cents / 100);
}
