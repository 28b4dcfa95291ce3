// What a newcomer runs first, read from the root package.json and README.md: every npm command
// the README names exists, and each one that would otherwise die deep inside Node 24-only code
// (SvelteKit's `Promise.withResolvers`, `.ts` entry points) runs `.ci/need.mjs node` first.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const root = new URL('../../', import.meta.url);
const { scripts } = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as {
  scripts: Record<string, string>;
};
const readme = readFileSync(new URL('README.md', root), 'utf8');

const scriptsOf = (workspace: string): Record<string, string> =>
  (
    JSON.parse(readFileSync(new URL(`${workspace}/package.json`, root), 'utf8')) as {
      scripts: Record<string, string>;
    }
  ).scripts;

// `npm start`, `npm test`, `npm run deploy -- --tag x` → start, test, deploy; a workspace's own
// (`npm run admin -w functions`) is looked up in that workspace.
const commands = [
  ...readme.matchAll(
    /`(?:[A-Z_]+=\S+ )*npm (?:run (?<run>[\w:-]+)(?: -w (?<workspace>\w+))?|(?<short>start|test))\b/g,
  ),
].map((match) => ({
  name: match.groups?.run ?? match.groups?.short ?? '',
  workspace: match.groups?.workspace ?? '.',
}));
const named = commands.filter((command) => command.workspace === '.').map((c) => c.name);
const inWorkspaces = commands.filter((command) => command.workspace !== '.');

describe('the commands the README names', () => {
  it('finds the ones a newcomer meets first', () => {
    expect(named).toEqual(expect.arrayContaining(['start', 'test', 'dev', 'preview']));
  });

  it.each([...new Set(named)])('npm run %s exists in package.json', (name) => {
    expect(Object.keys(scripts)).toContain(name);
  });

  it.each(inWorkspaces)('npm run $name -w $workspace exists in that workspace', (command) => {
    expect(Object.keys(scriptsOf(command.workspace))).toContain(command.name);
  });

  // Each of these loads SvelteKit, Vite or a `.ts` entry point, which fail cryptically on Node 20
  // (`npm run build`: ERR_UNKNOWN_FILE_EXTENSION for functions/fast-start/bundle.ts).
  it.each(['start', 'preview', 'dev', 'build', 'test', 'screenshots', 'test:images'])(
    'npm run %s checks the Node version before anything else',
    (name) => {
      expect(scripts[`pre${name}`] ?? '').toMatch(/^node \.ci\/need\.mjs node\b/);
    },
  );
});

describe('.ci/need.mjs', () => {
  const need = (args: string[], env: NodeJS.ProcessEnv) =>
    spawnSync(process.execPath, [new URL('.ci/need.mjs', root).pathname, ...args], {
      env: { npm_lifecycle_event: 'pretest', ...env },
      encoding: 'utf8',
    });

  it('says nothing and exits 0 when this Node and every program are there', () => {
    const result = need(['node'], { PATH: process.env.PATH });
    expect([result.status, result.stderr]).toEqual([0, '']);
  });

  it('prints one line per missing program, naming the command that installs it', () => {
    const result = need(['node', 'shellcheck', 'podman'], { PATH: '/nonexistent' });
    expect(result.status).toBe(1);
    expect(result.stderr.trimEnd().split('\n')).toEqual([
      expect.stringMatching(/^npm test needs shellcheck .*apt install shellcheck/),
      expect.stringMatching(/^npm test needs podman .*apt install podman/),
    ]);
  });
});
