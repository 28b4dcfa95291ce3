import { DECOY_PASSWORD_HASH, hashPassword, verifyPassword } from '../auth.ts';
import type { MeBody, NewUserBody, SessionBody, UsersBody } from '../contract.ts';
import {
  claimLoginAttempt,
  clearLoginFailures,
  countAnalysesByLabel,
  findAccount,
  findLogin,
  insertUser,
  listUsersWithCounts,
} from '../db/queries.ts';
import { err, reply } from '../result.ts';
import { retryAfterSeconds } from '../throttle.ts';
import { parseCredentials, parseNewAccount } from '../validate.ts';
import type { DbContext, Handler, UserContext } from './context.ts';

/** POST /v1/users */
export const register: Handler<DbContext> = async ({ body }, { db, now }) => {
  const input = parseNewAccount(body);
  if (!input.ok) return input;
  const { username, password } = input.value;
  const user = await insertUser(db, username, await hashPassword(password), now());
  return user
    ? reply(201, { user } satisfies NewUserBody)
    : err('username_taken', `the username "${username}" is taken`, { field: 'username' });
};

/**
 * POST /v1/sessions: one message for a wrong password and an unknown name alike. The attempt is
 * claimed (counted) before the password is checked, per name and client (throttle.ts).
 */
export const login: Handler<DbContext> = async ({ body, client }, { db, tokens, now }) => {
  const input = parseCredentials(body);
  if (!input.ok) return input;
  const { username, password } = input.value;
  const key = { username, client };

  const wait = await claimLoginAttempt(db, key, now());
  if (wait > 0) {
    const seconds = retryAfterSeconds(wait);
    return err('too_many_attempts', `too many failed attempts; try again in ${seconds} s`, {
      headers: { 'Retry-After': seconds },
    });
  }
  const user = await findLogin(db, username);
  const isValid = await verifyPassword(password, user?.passwordHash ?? DECOY_PASSWORD_HASH);
  if (!user || !isValid) return err('invalid_credentials', 'invalid username or password');
  await clearLoginFailures(db, key);

  const { id, createdAt, isAdmin } = user;
  const session = tokens.sign({ id, username });
  return reply(200, {
    ...session,
    tokenType: 'Bearer',
    user: { id, username, createdAt, isAdmin },
  } satisfies SessionBody);
};

/** GET /v1/me: the account, whether it is an admin (from the database), and its counts. */
export const me: Handler<UserContext> = async (_request, { db, user }) => {
  const [account, counts] = await Promise.all([
    findAccount(db, user.id),
    countAnalysesByLabel(db, user.id),
  ]);
  if (!account) return err('unauthenticated', 'this account no longer exists');
  const total = counts.negative + counts.neutral + counts.positive;
  return reply(200, { user: account, counts, total } satisfies MeBody);
};

/** GET /v1/users, for admins only (app.ts checks). */
export const listUsers: Handler<UserContext> = async (_request, { db }) =>
  reply(200, { users: await listUsersWithCounts(db) } satisfies UsersBody);
