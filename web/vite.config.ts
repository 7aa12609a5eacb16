import { defineConfig } from 'vite';
import preact from '@preact/preset-vite';

// Two pages: the chat client at / and the admin panel at /admin. The accord binary serves dist/
// and answers any other non-API path with index.html (or admin.html under /admin), so both can route
// on the client side.
export default defineConfig({
  plugins: [preact()],
  base: '/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    rollupOptions: {
      input: { index: 'index.html', admin: 'admin.html' },
    },
  },
});
