import { createClient, type Client } from '@libsql/client/sqlite3';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { migrate } from '../src/db/connect.ts';
import { createGroupCommit } from '../src/db/group-commit.ts';

/** Group commit on a real libSQL file. */

let client: Client;
let transactions: number;

beforeEach(async () => {
  client = createClient({
    url: `file:${join(mkdtempSync(join(tmpdir(), 'group-commit-')), 'db.sqlite')}`,
  });
  await migrate(client);
  await client.execute(
    "INSERT INTO users (username, password_hash, created_at) VALUES ('ada', 'x', 0)",
  );
  // Count the transactions the group commit opens, by wrapping the real client's batch.
  transactions = 0;
  const batch = client.batch.bind(client);
  client.batch = (...args: Parameters<Client['batch']>) => {
    transactions++;
    return batch(...args);
  };
});

const insert = (label: string) => ({
  sql: `INSERT INTO analyses (user_id, text, label, score, comparative, confidence, words,
          served_by_revision, served_by_instance, created_at)
        VALUES (1, 'text', ?, 0, 0, 0.5, '[]', 'local', 'test', 0) RETURNING id`,
  args: [label],
});

const count = async () =>
  Number((await client.execute('SELECT count(*) AS n FROM analyses')).rows[0]?.n);

describe('createGroupCommit', () => {
  it('commits concurrent writes together, losing none and giving each its own row', async () => {
    const write = createGroupCommit(client);
    const results = await Promise.all(Array.from({ length: 300 }, () => write(insert('neutral'))));
    const ids = results.map((result) => Number(result.rows[0]?.id));
    expect(new Set(ids).size).toBe(300);
    expect(await count()).toBe(300);
    expect(transactions).toBeGreaterThan(0);
    expect(transactions).toBeLessThan(10);
  });

  it('splits a long queue into groups of at most the given size', async () => {
    const write = createGroupCommit(client, 50);
    await Promise.all(Array.from({ length: 120 }, () => write(insert('positive'))));
    expect(transactions).toBe(3);
    expect(await count()).toBe(120);
  });

  it('fails only the write that breaks a constraint; the rest of its group commits', async () => {
    const write = createGroupCommit(client);
    const outcomes = await Promise.allSettled([
      ...Array.from({ length: 9 }, () => write(insert('positive'))),
      write(insert('not-a-label')), // violates the label CHECK constraint
    ]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual([
      ...Array.from({ length: 9 }, () => 'fulfilled'),
      'rejected',
    ]);
    expect(await count()).toBe(9);
    // The next group is unaffected.
    await write(insert('negative'));
    expect(await count()).toBe(10);
  });
});
