import { useState, type FormEvent } from 'react';
import { gatepost } from '../gatepost';
import { useSession } from '../session';
import { Field } from '../ui/field';
import { Failure } from '../ui/notice';
import { useAction } from '../use-action';

/**
 * `auth.login`: the server answers with a session and sets the HttpOnly cookie. The app keeps
 * no token: the browser sends the cookie on every same-origin call from now on.
 */
export function SignInForm({ email: suggestedEmail }: { readonly email: string }) {
  const session = useSession();
  const [form, setForm] = useState({ email: suggestedEmail, password: '' });
  const [lastSuggestion, setLastSuggestion] = useState(suggestedEmail);
  // A newly registered email fills the form in, once.
  if (suggestedEmail !== lastSuggestion) {
    setLastSuggestion(suggestedEmail);
    setForm({ email: suggestedEmail, password: '' });
  }
  const login = useAction(async (input: typeof form) => {
    await gatepost.trpc.auth.login.mutate(input);
    await session.refresh();
  });
  const problem = login.state.status === 'failed' ? login.state.problem : undefined;

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    void login.run(form);
  }

  return (
    <form onSubmit={onSubmit} noValidate aria-label="Sign in">
      <h2>Sign in</h2>
      <Field
        name="signin-email"
        label="Email"
        type="email"
        autoComplete="username"
        value={form.email}
        onChange={(event) => setForm({ ...form, email: event.target.value })}
        error={problem?.fields.email}
      />
      <Field
        name="signin-password"
        label="Password"
        type="password"
        autoComplete="current-password"
        value={form.password}
        onChange={(event) => setForm({ ...form, password: event.target.value })}
        error={problem?.fields.password}
      />
      <button type="submit" disabled={login.pending}>
        {login.pending ? 'Signing in…' : 'Sign in'}
      </button>
      {problem && <Failure problem={problem} />}
    </form>
  );
}
