// Runs before the npm scripts a newcomer tries first (`node .ci/need.mjs node chromium …`):
// checks at once that this machine has what the script needs, and otherwise prints one line
// per missing program with the command that installs it, and exits 1, before anything slow.
// Written for any Node that still runs ES modules, since the first thing it checks is Node.
//
// To add a program: give it an entry in NEEDS and name it in the package.json script.
import { accessSync, constants, existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';

const script = (process.env.npm_lifecycle_event || 'this').replace(/^pre/, '');

function onPath(program) {
  return (process.env.PATH || '').split(delimiter).some((dir) => {
    try {
      accessSync(join(dir, program), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

// The same places testkit/src/browser.ts looks: the system's Chromium, else Playwright's own.
async function hasChromium() {
  const system = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'];
  if (system.some((path) => path && existsSync(path))) return true;
  try {
    const { chromium } = await import('playwright-core');
    return existsSync(chromium.executablePath());
  } catch {
    return false;
  }
}

const NEEDS = {
  node: {
    has: () => Number(process.versions.node.split('.')[0]) >= 24,
    fix: `knative-sentiment needs Node.js 24 or newer, and this is ${process.version}: run \`source .ci/node.sh\` (fetches Node 24 from npm for this shell), or \`nvm install\` (reads .nvmrc), or get it from nodejs.org`,
  },
  chromium: {
    has: hasChromium,
    fix: `npm ${script} needs Chromium for the browser tests: \`npx playwright-core install chromium\`, or your system's (\`apt install chromium\`; or set CHROMIUM_PATH)`,
  },
  shellcheck: {
    has: () => onPath('shellcheck'),
    fix: `npm ${script} needs shellcheck for the cluster scripts: \`apt install shellcheck\` or \`brew install shellcheck\``,
  },
  // Debian installs nginx in /usr/sbin, which is not on every user's PATH.
  nginx: {
    has: () => onPath('nginx') || existsSync('/usr/sbin/nginx'),
    fix: `npm ${script} needs nginx: \`apt install nginx-light\` or \`brew install nginx\``,
  },
  podman: {
    has: () => onPath('podman'),
    fix: `npm ${script} needs podman to build and run the images: \`apt install podman buildah\` (and run it as root)`,
  },
};

const wanted = process.argv.slice(2);
const unknown = wanted.filter((name) => !(name in NEEDS));
if (unknown.length > 0) {
  console.error(`.ci/need.mjs: nothing known as ${unknown.join(', ')}; add it to NEEDS`);
  process.exit(2);
}
// Node first and alone: the other checks, and everything after them, need Node 24.
if (wanted.includes('node') && !NEEDS.node.has()) {
  console.error(NEEDS.node.fix);
  process.exit(1);
}
const missing = [];
for (const name of wanted) if (!(await NEEDS[name].has())) missing.push(NEEDS[name].fix);
if (missing.length > 0) {
  console.error(missing.join('\n'));
  process.exit(1);
}
