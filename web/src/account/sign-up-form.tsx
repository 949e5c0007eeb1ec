import { useState, type FormEvent } from 'react';
import { gatepost, type User } from '../gatepost';
import { Field } from '../ui/field';
import { Failure, Success } from '../ui/notice';
import { useAction } from '../use-action';

const EMPTY = { email: '', password: '', displayName: '' };

/** `auth.register`: creates the account. Signing in is a separate step, as the contract has it. */
export function SignUpForm({ onRegistered }: { readonly onRegistered: (email: string) => void }) {
  const [form, setForm] = useState(EMPTY);
  const register = useAction(async (input: typeof EMPTY): Promise<User> => {
    const user = await gatepost.trpc.auth.register.mutate(input);
    onRegistered(input.email);
    setForm(EMPTY);
    return user;
  });
  const problem = register.state.status === 'failed' ? register.state.problem : undefined;
  const change = (field: keyof typeof EMPTY) => (event: { target: { value: string } }) =>
    setForm((previous) => ({ ...previous, [field]: event.target.value }));

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    void register.run(form);
  }

  return (
    <form onSubmit={onSubmit} noValidate aria-label="Sign up">
      <h2>Sign up</h2>
      <Field
        name="signup-name"
        label="Display name"
        value={form.displayName}
        onChange={change('displayName')}
        error={problem?.fields.displayName}
      />
      <Field name="signup-email" label="Email" type="email" value={form.email} onChange={change('email')} error={problem?.fields.email} />
      <Field
        name="signup-password"
        label="Password (at least 12 characters)"
        type="password"
        autoComplete="new-password"
        value={form.password}
        onChange={change('password')}
        error={problem?.fields.password}
      />
      <button type="submit" disabled={register.pending}>
        {register.pending ? 'Creating…' : 'Create account'}
      </button>
      {problem && <Failure problem={problem} />}
      {register.state.status === 'done' && <Success>Account created for {register.state.result.email}. Sign in now.</Success>}
    </form>
  );
}
