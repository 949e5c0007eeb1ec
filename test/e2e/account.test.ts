// Accounts in Chromium: sign up, sign in (the server sets an HttpOnly cookie the page never
// sees; the browser sends it back, same-origin), stay signed in across a reload, sign out.
import { expect, it } from 'vitest';
import { PASSWORD, SESSION_COOKIE } from '../auth/helpers';
import { signUpAndSignIn } from './sign-up';
import { describeInBrowser } from './use-browser-app';

describeInBrowser('accounts', (app) => {
  it('signs up and signs in with an HttpOnly session cookie that script cannot read', async () => {
    await signUpAndSignIn(app.page, app.gp.url, 'Ada Account');
    const cookies = await app.page.context().cookies(app.gp.url);
    expect(cookies.find((cookie) => cookie.name === SESSION_COOKIE)).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
    expect(await app.page.evaluate(() => document.cookie)).not.toContain(SESSION_COOKIE);
    await app.screenshot('account-signed-in');
  });

  it('stays signed in after a reload, and signs out', async () => {
    await signUpAndSignIn(app.page, app.gp.url, 'Reload Person');
    await app.page.reload();
    await app.page.getByTestId('who').filter({ hasText: 'Signed in as Reload Person' }).waitFor();
    await app.page.getByRole('button', { name: 'Sign out' }).click();
    await app.page.getByTestId('who').filter({ hasText: 'Not signed in' }).waitFor();
    await app.page.getByRole('form', { name: 'Sign in' }).waitFor();
    await app.screenshot('account-signed-out');
  });

  it("shows the server's refusal of a wrong password and stays signed out", async () => {
    const email = await signUpAndSignIn(app.page, app.gp.url, 'Wrong Password');
    await app.page.getByRole('button', { name: 'Sign out' }).click();
    const signIn = app.page.getByRole('form', { name: 'Sign in' });
    await signIn.getByLabel('Email').fill(email);
    await signIn.getByLabel('Password').fill(`${PASSWORD}-not`);
    await signIn.getByRole('button', { name: 'Sign in' }).click();
    await signIn.locator('[role="alert"][data-code="UNAUTHENTICATED"]').waitFor();
    expect(await app.page.getByTestId('who').textContent()).toBe('Not signed in');
    await app.screenshot('account-wrong-password');
  });

  it("shows the server's password rule next to the password field when signing up", async () => {
    await app.page.goto(`${app.gp.url}/account`);
    const signUp = app.page.getByRole('form', { name: 'Sign up' });
    await signUp.getByLabel('Display name').fill('Short Password');
    await signUp.getByLabel('Email').fill('short.password@example.com');
    await signUp.getByLabel(/^Password/).fill('short');
    await signUp.getByRole('button', { name: 'Create account' }).click();
    const error = signUp.locator('[data-field="signup-password"] .field-error');
    await error.waitFor();
    expect(await error.textContent()).toMatch(/12/);
    await app.screenshot('account-password-too-short');
  });
});
