import adapter from '@sveltejs/adapter-node';
import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';

export default defineConfig({
  // SvelteKit resolves src/ from here even when vitest runs from the repository root.
  root: import.meta.dirname,
  plugins: [sveltekit({ adapter: adapter() })],
});
