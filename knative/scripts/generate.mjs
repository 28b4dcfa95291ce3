#!/usr/bin/env node
// Writes knative/generated/ (never committed): the secrets, made once and then kept, and the
// kustomize component that `kubectl apply -k knative/` and `npm run deploy` both read.
//
//   npm run secrets -- [--tag TAG] [--dir DIR]
//
// libsql-auth.env  public-key: the Ed25519 key sqld verifies tokens with (raw, base64url)
//                  token: a read-write token signed with its private half, for the API
// api-jwt.env      secret: the API's HS256 session key; client: the key web signs the browser's
//                  address with for the API's login throttle (README "Security")
// libsql-private.pem  the private key, to mint further tokens; it never enters the cluster
// libsql.yaml         knative/libsql.yaml with a checksum of the public key on its pod template,
//                     for npm run deploy: a new key rolls the pod (kubectl apply -k gets the same)
import { createHash, generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { parseAllDocuments } from 'yaml';

const USAGE = `usage: npm run secrets -- [--tag TAG] [--dir DIR]

Writes knative/generated/ (never committed): the libSQL keypair and token, the API's session
secret (each made once, then kept), and the kustomize component kubectl apply -k knative/ reads.

  --tag TAG   also pin both images to TAG in the component (npm run deploy passes its own)
  --dir DIR   write there instead of knative/generated/
  --help      this text
`;

const { values } = parseArgs({
  options: { tag: { type: 'string' }, dir: { type: 'string' }, help: { type: 'boolean' } },
});
if (values.help) {
  process.stdout.write(USAGE);
  process.exit(0);
}
const dir = values.dir ?? join(import.meta.dirname, '..', 'generated');
mkdirSync(dir, { recursive: true, mode: 0o700 });

const privately = (name, content) => writeFileSync(join(dir, name), content, { mode: 0o600 });
const b64url = (value) => Buffer.from(value).toString('base64url');

if (!existsSync(join(dir, 'libsql-auth.env'))) {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const unsigned = `${b64url(JSON.stringify({ alg: 'EdDSA', typ: 'JWT' }))}.${b64url(JSON.stringify({ a: 'rw' }))}`;
  const token = `${unsigned}.${sign(null, Buffer.from(unsigned), privateKey).toString('base64url')}`;
  privately(
    'libsql-auth.env',
    `public-key=${publicKey.export({ format: 'jwk' }).x}\ntoken=${token}\n`,
  );
  privately('libsql-private.pem', privateKey.export({ format: 'pem', type: 'pkcs8' }));
  console.log(`generate: new libSQL keypair and token in ${dir}`);
}
const secretOf = () => randomBytes(48).toString('base64url');
const apiJwt = join(dir, 'api-jwt.env');
if (!existsSync(apiJwt)) {
  privately('api-jwt.env', `secret=${secretOf()}\nclient=${secretOf()}\n`);
  console.log(`generate: new API session secret in ${dir}`);
} else if (!/^client=/m.test(readFileSync(apiJwt, 'utf8'))) {
  // A folder written before the client-address key existed: add it, keep the session secret.
  const kept = readFileSync(apiJwt, 'utf8').replace(/^admins=.*\n?/m, '');
  privately('api-jwt.env', `${kept}client=${secretOf()}\n`);
  console.log(`generate: new client-address key in ${dir}`);
}

// sqld reads its key from the environment only when it starts: a new key must restart its pod.
const publicKey = /^public-key=(.*)$/m.exec(
  readFileSync(join(dir, 'libsql-auth.env'), 'utf8'),
)?.[1];
const keyChecksum = createHash('sha256')
  .update(publicKey ?? '')
  .digest('hex')
  .slice(0, 16);

// The database as npm run deploy applies it: the checksum is in the one apply, so a first deploy
// starts sqld once (an apply followed by a patch made two revisions, and two pod starts).
const database = parseAllDocuments(
  readFileSync(join(import.meta.dirname, '..', 'libsql.yaml'), 'utf8'),
);
for (const doc of database) {
  if (doc.get('kind') !== 'StatefulSet') continue;
  doc.setIn(['spec', 'template', 'metadata', 'annotations'], {
    'sentiment.knative.dev/libsql-key': keyChecksum,
  });
}
writeFileSync(
  join(dir, 'libsql.yaml'),
  `# Written by knative/scripts/generate.mjs from knative/libsql.yaml; not committed.\n${database.map((doc) => doc.toString({ flowCollectionPadding: false })).join('')}`,
);

const images = values.tag
  ? `images:
  - name: dev.local/sentiment-fn
    newTag: "${values.tag}"
  - name: dev.local/sentiment-web
    newTag: "${values.tag}"
`
  : '';
writeFileSync(
  join(dir, 'kustomization.yaml'),
  `# Written by knative/scripts/generate.mjs; not committed.
apiVersion: kustomize.config.k8s.io/v1alpha1
kind: Component
secretGenerator:
  - name: libsql-auth
    namespace: sentiment
    envs: [libsql-auth.env]
  - name: api-jwt
    namespace: sentiment
    envs: [api-jwt.env]
generatorOptions:
  # Fixed names: the services refer to them, and so does \`kn service create\`.
  disableNameSuffixHash: true
patches:
  - target:
      kind: StatefulSet
      name: libsql
    patch: |-
      - op: add
        path: /spec/template/metadata/annotations
        value:
          sentiment.knative.dev/libsql-key: "${keyChecksum}"
${images}`,
);
