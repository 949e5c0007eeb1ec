import type { ReactNode } from 'react';
import type { Problem } from '../problem';

/** A success, shown where the user is looking, and announced politely. */
export function Success({ children }: { readonly children: ReactNode }) {
  return (
    <div className="notice notice-success" role="status">
      {children}
    </div>
  );
}

/** A refusal with its catalog code, so a user can quote it and a test can find it. */
export function Failure({ problem, hint }: { readonly problem: Problem; readonly hint?: ReactNode }) {
  return (
    <div className="notice notice-failure" role="alert" data-code={problem.code}>
      <strong>{problem.message}</strong> <code>{problem.code}</code>
      {hint && <div>{hint}</div>}
    </div>
  );
}
