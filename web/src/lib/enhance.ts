import type { SubmitFunction } from '$app/forms';

/**
 * A `use:enhance` callback that keeps `state.pending` true while the form is submitting,
 * so its button can say so (and say the analyzer is waking up when it takes a while).
 * `clearOnFailure` names fields to empty when the action fails: a wrong password should not
 * stay in its box, as it does not after a full page load.
 * `focusOnSuccess` is the id of what the action's result shows up in. SvelteKit moves focus to
 * <body> once an action succeeds, as a page load would (`applyAction` in kit
 * src/runtime/client/client.js); the result is where the user wants to carry on, and focusing
 * it is how a screen reader hears that it came.
 */
export function tracked(
  state: { pending: boolean },
  options: { reset?: boolean; clearOnFailure?: readonly string[]; focusOnSuccess?: string } = {},
): SubmitFunction {
  return ({ formElement }) => {
    state.pending = true;
    return async ({ result, update }) => {
      try {
        await update({ reset: options.reset ?? true });
        if (result.type === 'success' && options.focusOnSuccess) {
          document.getElementById(options.focusOnSuccess)?.focus();
        }
        if (result.type === 'failure') {
          for (const name of options.clearOnFailure ?? []) {
            const field = formElement.elements.namedItem(name);
            if (field instanceof HTMLInputElement) field.value = '';
          }
        }
      } finally {
        state.pending = false;
      }
    };
  };
}

/** Ctrl+Enter (Cmd+Enter on a Mac) in a text box submits its form, as in most editors. */
export function submitOnCtrlEnter(event: KeyboardEvent & { currentTarget: HTMLTextAreaElement }) {
  if (event.key !== 'Enter' || !(event.ctrlKey || event.metaKey)) return;
  event.preventDefault();
  event.currentTarget.form?.requestSubmit();
}
