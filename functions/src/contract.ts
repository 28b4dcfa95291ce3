import type { Analysis, Label, WordWeight } from './analyzer/analyze.ts';

/**
 * The API's contract: the limits it enforces and the JSON it answers. Its clients use it at run
 * time (the UI's form attributes and batch splitting read LIMITS), so it imports nothing but
 * types: a bundle that takes this file takes nothing else of the function. validate.ts enforces
 * the limits, db/queries.ts maps rows into these shapes, and each handler checks its answer
 * against one (`satisfies`).
 *
 * What an analysis says (label, score, words) is the analyzer's answer as it stands: the API
 * passes it on whole, so its type comes from there rather than being written a second time.
 */

export type { Analysis, Label, WordWeight };

export const LIMITS = {
  /** One text, in characters (code points, so an emoji is one), after trimming. */
  textChars: 5000,
  /** Texts in one `POST /v1/score`. */
  scoreTexts: 100,
  /** One request body in bytes, a batch's included. */
  bodyBytes: 64 * 1024,
  /** A username's characters; USERNAME_PATTERN says which. */
  username: { min: 3, max: 32 },
  /** A password's characters (code points). */
  password: { min: 8, max: 256 },
  /** `GET /v1/analyses?limit=`: analyses a page. */
  historyPage: { min: 1, max: 100, default: 20 },
  /** `GET /v1/analyses/daily?days=`: days back, today included. */
  dailyDays: { min: 1, max: 366, default: 30 },
} as const;

/**
 * A username the API takes: it trims and case-folds first, so "Alice" is the account "alice".
 * Written to be valid as an HTML `pattern` too, which browsers compile with the `v` flag (where a
 * `-` in a class must be escaped).
 */
export const USERNAME_PATTERN = `[A-Za-z0-9_.\\-]{${LIMITS.username.min},${LIMITS.username.max}}`;

/** Every error code the API answers, with its HTTP status. */
export const ERROR_STATUS = {
  invalid_input: 400,
  invalid_json: 400,
  unauthenticated: 401,
  invalid_credentials: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  username_taken: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  too_many_attempts: 429,
  internal: 500,
  unavailable: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

/** Every error answer: `{ "error": ApiErrorDetail }`. */
export interface ApiErrorDetail {
  readonly code: ErrorCode;
  readonly message: string;
  /** The request field at fault, so a form can show the message next to it. */
  readonly field?: string;
}

export interface User {
  readonly id: number;
  readonly username: string;
  readonly createdAt: string;
}

/** A user and whether the operator made them an admin. */
export interface Account extends User {
  readonly isAdmin: boolean;
}

/** The Knative revision and the pod that computed an analysis. */
export interface ServedBy {
  readonly revision: string;
  readonly instance: string;
}

export interface StoredAnalysis extends Analysis {
  readonly id: number;
  readonly text: string;
  readonly createdAt: string;
  readonly servedBy: ServedBy;
}

export type LabelCounts = Record<Label, number>;

export interface DayCounts extends LabelCounts {
  /** The UTC day, YYYY-MM-DD. */
  readonly date: string;
}

export interface UserSummary {
  readonly username: string;
  readonly createdAt: string;
  readonly analyses: number;
}

/** `POST /v1/users` */
export interface NewUserBody {
  readonly user: User;
}

/** `POST /v1/sessions` */
export interface SessionBody {
  readonly token: string;
  readonly tokenType: 'Bearer';
  readonly expiresAt: string;
  readonly user: Account;
}

/** `GET /v1/me` */
export interface MeBody {
  readonly user: Account;
  readonly counts: LabelCounts;
  readonly total: number;
}

/** `GET /v1/analyses` */
export interface HistoryPage {
  readonly items: readonly StoredAnalysis[];
  readonly nextCursor: string | null;
}

/** `POST /v1/score` with one `text`, and each item of a batch: an analysis that was not stored. */
export type ScoredText = Analysis & { readonly text: string; readonly servedBy: ServedBy };

/** `POST /v1/score` with `texts` */
export interface BatchBody {
  readonly items: readonly ScoredText[];
  readonly summary: LabelCounts & { readonly count: number; readonly meanScore: number };
}

/** `GET /v1/analyses/daily` */
export interface DailyBody {
  readonly days: readonly DayCounts[];
}

/** `GET /v1/users` (admins) */
export interface UsersBody {
  readonly users: readonly UserSummary[];
}
