import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The workspace root holds another React (devstack's dev tools); always use the console's own.
export const dedupe = ['react', 'react-dom', 'react/jsx-runtime', 'react/jsx-dev-runtime', 'react-dom/client'];

export default defineConfig({
  plugins: [react()],
  resolve: { dedupe },
  server: { port: 3001, strictPort: true, host: '127.0.0.1' },
  preview: { port: 3001, strictPort: true, host: '127.0.0.1' },
  build: { chunkSizeWarningLimit: 4000 },
});
