import { useState } from 'react';
import { gatepost } from '../gatepost';
import { Link } from '../router';
import { useSession } from '../session';
import { Failure } from '../ui/notice';
import { useAction } from '../use-action';
import { SignInForm } from './sign-in-form';
import { SignUpForm } from './sign-up-form';
import { YourFiles } from './your-files';

export function AccountPage() {
  const session = useSession();
  const [registeredEmail, setRegisteredEmail] = useState('');
  const logout = useAction(async () => {
    await gatepost.trpc.auth.logout.mutate({});
    await session.refresh();
  });

  if (session.user === undefined) return <p aria-busy="true">Checking your session…</p>;
  if (session.user) {
    return (
      <section aria-labelledby="account-title">
        <h1 id="account-title">Your account</h1>
        <p data-testid="signed-in-as">
          Signed in as <strong>{session.user.displayName}</strong> ({session.user.email}).
        </p>
        <p>
          <Link to="/shop" current={false}>
            Go shopping
          </Link>
        </p>
        <button type="button" onClick={() => void logout.run()} disabled={logout.pending}>
          Sign out
        </button>
        {logout.state.status === 'failed' && <Failure problem={logout.state.problem} />}
        <YourFiles user={session.user} />
      </section>
    );
  }
  return (
    <section aria-labelledby="account-title">
      <h1 id="account-title">Account</h1>
      <p className="lead">
        Your session is an HttpOnly cookie: script never sees it, and the server honours it only on requests from this site.
      </p>
      <div className="columns">
        <SignUpForm onRegistered={setRegisteredEmail} />
        <SignInForm email={registeredEmail} />
      </div>
    </section>
  );
}
