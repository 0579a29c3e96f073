import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// In development the gateway is another origin; proxying keeps the app same-origin as in
// production (the gateway serves dist/ with an SPA fallback), so CSP and CORS stay simple.
const gateway = process.env.EMPORIUM_GATEWAY_URL ?? 'http://127.0.0.1:8080';

export default defineConfig({
  plugins: [react()],
  server: {
    proxy: {
      '/api': { target: gateway, changeOrigin: true },
      '/graphql': { target: gateway, changeOrigin: true },
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
  },
});
