import type { Client, InStatement, ResultSet } from '@libsql/client';
import { isDatabaseUnavailable } from './errors.ts';

/**
 * Group commit: statements that arrive in the same turn of the event loop, or while a write is
 * in flight, share one write transaction, so one fsync serves them all. Each caller's promise
 * settles only after its group has committed, so an answer sent after it is durable. If the group
 * fails because of one of its statements (a constraint), each statement is retried in a
 * transaction of its own, so only the faulty one fails; if the database itself failed (locked,
 * unreachable), every statement fails with it and none of them is kept.
 */
export function createGroupCommit(client: Client, maxGroup = 512) {
  let queue: {
    statement: InStatement;
    resolve: (rs: ResultSet) => void;
    reject: (error: unknown) => void;
  }[] = [];
  let scheduled = false;

  async function flush(): Promise<void> {
    while (queue.length > 0) {
      const group = queue.slice(0, maxGroup);
      queue = queue.slice(maxGroup);
      try {
        const results = await client.batch(
          group.map((item) => item.statement),
          'write',
        );
        group.forEach((item, i) => {
          const result = results[i];
          if (result) item.resolve(result);
          else item.reject(new Error('batch gave fewer results than statements'));
        });
      } catch (error) {
        if (group.length === 1 || isDatabaseUnavailable(error)) {
          for (const item of group) item.reject(error);
        } else {
          await Promise.all(
            group.map((item) =>
              client
                .batch([item.statement], 'write')
                .then(
                  ([result]) => (result ? item.resolve(result) : item.reject(error)),
                  item.reject,
                ),
            ),
          );
        }
      }
    }
    scheduled = false;
  }

  return function write(statement: InStatement): Promise<ResultSet> {
    return new Promise((resolve, reject) => {
      queue.push({ statement, resolve, reject });
      if (!scheduled) {
        scheduled = true;
        // After the I/O phase: every request read in this turn joins the group.
        setImmediate(() => void flush());
      }
    });
  };
}

export type GroupCommit = ReturnType<typeof createGroupCommit>;
