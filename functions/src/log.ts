/** Structured JSON lines on stdout, one per request; never bodies, tokens or passwords. */

export interface RequestLog {
  readonly method: string;
  /** The route's path pattern (`/v1/analyses/:id`), not the raw path; null when none matched. */
  readonly route: string | null;
  readonly status: number;
  readonly durationMs: number;
}

export interface Logger {
  request(entry: RequestLog): void;
  /** A bug: logged with its stack, never shown to the client. */
  error(message: string, error: unknown): void;
  /** An outage or a refusal worth a look: one line, the cause's message but no stack. */
  warn(message: string, error: unknown): void;
}

export function createLogger(
  write: (line: string) => void = (line) => process.stdout.write(line),
): Logger {
  const emit = (entry: Record<string, unknown>) =>
    write(`${JSON.stringify({ time: new Date().toISOString(), ...entry })}\n`);
  return {
    request(entry) {
      const severity = entry.status >= 500 ? 'ERROR' : entry.status >= 400 ? 'WARNING' : 'INFO';
      emit({
        severity,
        message: `${entry.method} ${entry.route ?? '-'} ${entry.status}`,
        ...entry,
      });
    },
    error(message, error) {
      const detail =
        error instanceof Error
          ? { error: error.name, stack: error.stack }
          : { error: String(error) };
      emit({ severity: 'ERROR', message, ...detail });
    },
    warn(message, error) {
      emit({
        severity: 'WARNING',
        message,
        cause: error instanceof Error ? error.message : String(error),
      });
    },
  };
}
