/** How far a transfer is: a native `<progress>` (no inline style, which the app's CSP refuses), its label and the percentage. */
export function ProgressBar({
  id,
  label,
  done,
  total,
}: {
  readonly id: string;
  readonly label: string;
  readonly done: number;
  readonly total: number;
}) {
  const percent = total > 0 ? Math.floor((done / total) * 100) : 0;
  return (
    <div className="progress" data-progress={id}>
      <label htmlFor={id}>{label}</label>
      <progress id={id} value={done} max={total > 0 ? total : 1} />
      <span className="progress-percent" aria-hidden="true">
        {percent}%
      </span>
    </div>
  );
}
