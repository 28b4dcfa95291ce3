import type { SubmitFunction } from '$app/forms';

/**
 * A `use:enhance` callback that keeps `state.pending` true while the form is submitting,
 * so its button can say so (and say the analyzer is waking up when it takes a while).
 */
export function tracked(
  state: { pending: boolean },
  options: { reset?: boolean } = {},
): SubmitFunction {
  return () => {
    state.pending = true;
    return async ({ update }) => {
      try {
        await update({ reset: options.reset ?? true });
      } finally {
        state.pending = false;
      }
    };
  };
}
