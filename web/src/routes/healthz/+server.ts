import { json } from '@sveltejs/kit';

/** For Knative's probes: the UI serves, whatever the API is doing. */
export const GET = () => json({ status: 'ok' });
