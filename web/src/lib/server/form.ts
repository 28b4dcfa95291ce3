import { error } from '@sveltejs/kit';

/**
 * A submitted form. A body that cannot be read as one (multipart without its boundary, or not
 * multipart at all) is the client's fault: a 400 page, not a 500 with a stack in the log.
 * SvelteKit's own errors, such as 413 for a body over its limit, keep their status.
 */
export async function readForm(request: Request): Promise<FormData> {
  try {
    return await request.formData();
  } catch (cause) {
    if (cause instanceof Error && typeof (cause as { status?: unknown }).status === 'number') {
      throw cause;
    }
    error(400, 'The form could not be read. Reload the page and try again.');
  }
}

/** A text field of a submitted form; '' when it is missing or is a file. */
export function textField(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === 'string' ? value : '';
}
