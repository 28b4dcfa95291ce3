import type { Analysis, Label, WordWeight } from './analyzer/analyze.ts';
import type {
  DayCounts,
  LabelCounts,
  ServedBy,
  StoredAnalysis,
  User,
  UserSummary,
} from './db/queries.ts';
import type { ErrorCode } from './result.ts';

/**
 * The API's JSON shapes, for its clients. The UI imports these as types only, so both sides
 * agree on one definition and nothing of the function ends up in the UI's bundle.
 */

export type {
  Analysis,
  DayCounts,
  ErrorCode,
  Label,
  LabelCounts,
  ServedBy,
  StoredAnalysis,
  User,
  UserSummary,
  WordWeight,
};

export interface ApiErrorDetail {
  readonly code: ErrorCode;
  readonly message: string;
  readonly field?: string;
}

export type AccountUser = User & { readonly isAdmin: boolean };

export interface SessionBody {
  readonly token: string;
  readonly tokenType: 'Bearer';
  readonly expiresAt: string;
  readonly user: AccountUser;
}

export interface MeBody {
  readonly user: AccountUser;
  readonly counts: LabelCounts;
  readonly total: number;
}

export interface HistoryPage {
  readonly items: readonly StoredAnalysis[];
  readonly nextCursor: string | null;
}

/** What `POST /v1/score` answers for each text: an analysis that was not stored. */
export type Scored = Analysis & { readonly text: string; readonly servedBy: ServedBy };

export interface BatchBody {
  readonly items: readonly Scored[];
  readonly summary: LabelCounts & { readonly count: number; readonly meanScore: number };
}

export interface DailyBody {
  readonly days: readonly DayCounts[];
}

export interface UsersBody {
  readonly users: readonly UserSummary[];
}
