/** Demo dates are relative to today (UTC), so a fresh demo always shows the current month. */

/** The first day of the month `back` months before this one, YYYY-MM-DD. */
export function monthStart(back: number, now = new Date()): string {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - back, 1)).toISOString().slice(0, 10);
}

/** An ISO date plus `days` (negative goes back). */
export function addDays(iso: string, days: number): string {
  return new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}
