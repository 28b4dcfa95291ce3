import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';

/** What web.yaml gives the UI's revision, for tests that start the UI the way its pod starts. */

interface Revision {
  /** The revision template's annotations (autoscaling and the like). */
  readonly annotations: Record<string, string>;
  /** The literal env; values from Secrets are left out, as a test supplies its own. */
  readonly env: Record<string, string>;
}

export function webRevision(): Revision {
  const [doc] = parseAllDocuments(
    readFileSync(join(import.meta.dirname, '../../web.yaml'), 'utf8'),
  );
  const service = doc?.toJS() as {
    spec: {
      template: {
        metadata: { annotations: Record<string, string> };
        spec: { containers: { env?: { name: string; value?: string }[] }[] };
      };
    };
  };
  const { metadata, spec } = service.spec.template;
  const literal = (spec.containers[0]?.env ?? []).filter((e) => e.value !== undefined);
  return {
    annotations: metadata.annotations,
    env: Object.fromEntries(literal.map((e) => [e.name, e.value ?? ''])),
  };
}
