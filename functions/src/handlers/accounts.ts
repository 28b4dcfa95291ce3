import { DECOY_PASSWORD_HASH, hashPassword, verifyPassword } from '../auth.ts';
import {
  clearLoginFailures,
  countAnalysesByLabel,
  findLogin,
  findUser,
  insertUser,
  listUsersWithCounts,
  recordLoginFailure,
} from '../db/queries.ts';
import { err, reply } from '../result.ts';
import { lockRemainingMs, retryAfterSeconds } from '../throttle.ts';
import { parseCredentials, parseNewAccount } from '../validate.ts';
import type { DbContext, Handler, UserContext } from './context.ts';

/** POST /v1/users */
export const register: Handler<DbContext> = async ({ body }, { db, now }) => {
  const input = parseNewAccount(body);
  if (!input.ok) return input;
  const { username, password } = input.value;
  const user = await insertUser(db, username, await hashPassword(password), now());
  return user
    ? reply(201, { user })
    : err('username_taken', `the username "${username}" is taken`, { field: 'username' });
};

/** POST /v1/sessions: one message for a wrong password and an unknown name alike. */
export const login: Handler<DbContext> = async ({ body }, { db, tokens, config, now }) => {
  const input = parseCredentials(body);
  if (!input.ok) return input;
  const { username, password } = input.value;

  const { user, failures } = await findLogin(db, username);
  const wait = lockRemainingMs(failures, now());
  if (wait > 0) {
    const seconds = retryAfterSeconds(wait);
    return err('too_many_attempts', `too many failed attempts; try again in ${seconds} s`, {
      headers: { 'Retry-After': seconds },
    });
  }
  const isValid = await verifyPassword(password, user?.passwordHash ?? DECOY_PASSWORD_HASH);
  if (!user || !isValid) {
    await recordLoginFailure(db, username, now());
    return err('invalid_credentials', 'invalid username or password');
  }
  if (failures) await clearLoginFailures(db, username);

  const isAdmin = config.adminUsernames.has(username);
  const session = tokens.sign({ ...user, isAdmin });
  const { id, createdAt } = user;
  return reply(200, {
    ...session,
    tokenType: 'Bearer',
    user: { id, username, createdAt, isAdmin },
  });
};

/** GET /v1/me: the account and how many analyses it has of each label. */
export const me: Handler<UserContext> = async (_request, { db, user, config }) => {
  const [account, counts] = await Promise.all([
    findUser(db, user.id),
    countAnalysesByLabel(db, user.id),
  ]);
  if (!account) return err('unauthenticated', 'this account no longer exists');
  const total = counts.negative + counts.neutral + counts.positive;
  const isAdmin = config.adminUsernames.has(account.username);
  return reply(200, { user: { ...account, isAdmin }, counts, total });
};

/** GET /v1/users, for admins only (app.ts checks). */
export const listUsers: Handler<UserContext> = async (_request, { db }) =>
  reply(200, { users: await listUsersWithCounts(db) });
