import type { contract } from '@gatepost/shared';
import type { z } from 'zod';
import { renderForm, type FormSpec, type FormState } from './form-view';
import { html } from './html';
import type { PageContent } from './layout';

export const SIGN_IN_PATH = '/forms/sign-in';
export const SIGNED_IN_PATH = '/forms/signed-in';
export const SIGN_OUT_PATH = '/forms/sign-out';

export const SIGN_IN_FORM: FormSpec = {
  id: 'sign-in',
  action: SIGN_IN_PATH,
  submitLabel: 'Sign in',
  fields: [
    { name: 'email', label: 'Email', type: 'email', autocomplete: 'username' },
    { name: 'password', label: 'Password', type: 'password', autocomplete: 'current-password' },
  ],
};

export const SIGN_OUT_FORM: FormSpec = { id: 'sign-out', action: SIGN_OUT_PATH, submitLabel: 'Sign out', fields: [] };

type User = NonNullable<z.output<(typeof contract)['auth']['me']['output']>>;

export function signInPage(state: FormState): PageContent {
  return {
    title: 'Sign in',
    current: SIGN_IN_PATH,
    main: html`<h1>Sign in</h1>
      <p class="lead">Sign in with your account's email and password; the session cookie is set as by <code>auth.login</code>.</p>
      ${renderForm(SIGN_IN_FORM, state)}`,
  };
}

/** The result of signing in: who the session cookie now says the visitor is, and a way out. */
export function signedInPage(user: User, signOut: FormState): PageContent {
  return {
    title: 'Signed in',
    current: SIGN_IN_PATH,
    main: html`<h1>Signed in</h1>
      <div class="notice notice-success" role="status">
        <p>Signed in as <strong id="signed-in-email">${user.email}</strong> (${user.displayName}).</p>
      </div>
      ${renderForm(SIGN_OUT_FORM, signOut)}`,
  };
}
