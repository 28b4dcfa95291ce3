import type { Page } from 'playwright-core';

/** Accounts as a person makes them in the UI, and the cookies of sessions that are not. */

export const PASSWORD = 'correct horse battery';
let accounts = 0;

/** Signs up through the form; the account is new on every call. */
export async function register(page: Page): Promise<string> {
  const username = `user${++accounts}`;
  await page.goto('/register');
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByLabel('Password again').fill(PASSWORD);
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByRole('heading', { name: 'How does it sound?' }).waitFor();
  return username;
}

export async function signIn(page: Page, username: string, secret = PASSWORD): Promise<void> {
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(secret);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** A token-shaped cookie: the UI reads its claims, only the API can tell it is forged. */
export function forgedToken(claims: object): string {
  return [
    'eyJhbGciOiJIUzI1NiJ9',
    Buffer.from(JSON.stringify(claims)).toString('base64url'),
    'forged',
  ].join('.');
}

/** The session cookie of a user whose token ran out a minute ago. */
export function expiredSession(url: string) {
  const claims = { sub: '1', username: 'ghost', exp: Math.floor(Date.now() / 1000) - 60 };
  return { name: 'session', value: forgedToken(claims), url };
}
