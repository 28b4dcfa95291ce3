import { defineEnvVars } from '@sveltejs/kit/env';
import { APP_SETTINGS } from '../settings.js';

/**
 * The app's settings, checked when the server starts and read through `$app/env/private`
 * (SvelteKit 3 looks for this file). They are declared in ../settings.js, beside the server's
 * own, so that every variable the UI reads is in one file.
 */
export const variables = defineEnvVars(APP_SETTINGS);
