import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { PASSWORD } from '../auth/helpers';

/** Registers a new account through the Account page and signs it in, as a visitor would; returns its email. */
export async function signUpAndSignIn(page: Page, url: string, displayName: string): Promise<string> {
  const email = `${displayName.toLowerCase().replaceAll(' ', '-')}-${randomUUID().slice(0, 8)}@example.com`;
  await page.goto(`${url}/account`);
  const signUp = page.getByRole('form', { name: 'Sign up' });
  await signUp.getByLabel('Display name').fill(displayName);
  await signUp.getByLabel('Email').fill(email);
  await signUp.getByLabel(/^Password/).fill(PASSWORD);
  await signUp.getByRole('button', { name: 'Create account' }).click();
  await signUp.getByRole('status').filter({ hasText: 'Account created' }).waitFor();

  const signIn = page.getByRole('form', { name: 'Sign in' });
  expect(await signIn.getByLabel('Email').inputValue()).toBe(email);
  await signIn.getByLabel('Password').fill(PASSWORD);
  await signIn.getByRole('button', { name: 'Sign in' }).click();
  await page.getByTestId('signed-in-as').filter({ hasText: displayName }).waitFor();
  return email;
}
