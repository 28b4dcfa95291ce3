import { err, reply } from '../result.ts';
import type { Handler, Services } from './context.ts';

/** Liveness: answers as soon as the process serves HTTP, without touching the database. */
export const healthz: Handler<Services> = () => reply(200, { status: 'ok' });

/** Readiness: 200 only when the database is reachable and migrated. */
export const readyz: Handler<Services> = async (_request, { database }) => {
  try {
    const db = await database.client();
    await db.execute('SELECT 1');
    return reply(200, { status: 'ready' });
  } catch {
    return err('unavailable', 'the database is not reachable');
  }
};
