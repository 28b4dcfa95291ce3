import type { LayoutServerLoad } from './$types';

/** Only what the page may show: never the token. */
export const load: LayoutServerLoad = ({ locals }) => ({ user: locals.session?.user ?? null });
