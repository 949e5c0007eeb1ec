// The demo app's build (`npm run build` → dist/web, served by gatepost at `/`) and dev server
// (`npm run dev`), which forwards the API to a gatepost on PORT so page and API share one
// origin: the session cookie is sent and the server's same-origin CSRF check passes.
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const API_PATHS = ['/trpc', '/graphql', '/schema.graphql', '/api', '/healthz', '/readyz', '/files', '/uploads'];
const apiServer = process.env.GATEPOST_URL ?? `http://127.0.0.1:${process.env.PORT ?? '3000'}`;

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../dist/web', import.meta.url)),
    emptyOutDir: true,
  },
  server: {
    port: 5173,
    strictPort: true,
    // The Host header is kept (no changeOrigin): the server compares Origin with it.
    proxy: Object.fromEntries(API_PATHS.map((path) => [path, { target: apiServer }])),
  },
});
