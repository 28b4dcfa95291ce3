import adapter from '@sveltejs/adapter-node';
import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';

export default defineConfig({
  // SvelteKit resolves src/ from here even when vitest runs from the repository root.
  root: import.meta.dirname,
  plugins: [
    sveltekit({
      adapter: adapter(),
      // Sent as a header on every page. In 'auto' mode SvelteKit gives the inline script that
      // starts the app a nonce, so nothing else inline may run. Style attributes stay allowed:
      // the highlighted words and the batch bars are drawn with them, even without JavaScript.
      csp: {
        mode: 'auto',
        directives: {
          'default-src': ['self'],
          'script-src': ['self'],
          'style-src': ['self'],
          'style-src-attr': ['unsafe-inline'],
          'img-src': ['self', 'data:'],
          'connect-src': ['self'],
          'form-action': ['self'],
          'base-uri': ['self'],
          'object-src': ['none'],
          'frame-ancestors': ['none'],
        },
      },
    }),
  ],
});
