import { err, reply } from '../result.ts';
import type { Handler, Services } from './context.ts';

/** Liveness: answers as soon as the process serves HTTP, without touching the database. */
export const healthz: Handler<Services> = () => reply(200, { status: 'ok' });

/** Readiness: 200 only when the database is reachable, migrated, and takes a write lock. */
export const readyz: Handler<Services> = async (_request, { database }) =>
  (await database.isWritable())
    ? reply(200, { status: 'ready' })
    : err('unavailable', 'the database cannot take writes now');
