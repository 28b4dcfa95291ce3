import type { MeBody } from '@sentiment/functions/contract';
import type { ApiResult } from '#lib/server/api.ts';
import type { Session } from '#lib/server/session.ts';

declare global {
  namespace App {
    interface Locals {
      /** The session cookie's token, not yet confirmed by the API. */
      session: Session | null;
      /** A session cookie was sent but had expired or was unreadable (and has been cleared). */
      sessionExpired: boolean;
      /** The API's `GET /v1/me` for the session's token: asked on first use, once a request. */
      me: () => Promise<ApiResult<MeBody>>;
    }
    interface Error {
      message: string;
    }
  }
}

export {};
