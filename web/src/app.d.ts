import type { Session } from '#lib/server/session.ts';

declare global {
  namespace App {
    interface Locals {
      session: Session | null;
      /** A session cookie was sent but had expired or was unreadable (and has been cleared). */
      sessionExpired: boolean;
    }
    interface Error {
      message: string;
    }
  }
}

export {};
