import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";

// `npm run dev` serves the app with hot reload and passes the API through
// to a Kith started with `scripts/start` (or KITH_DEV_API).
const api = process.env.KITH_DEV_API ?? "http://127.0.0.1:8080";

export default defineConfig({
  plugins: [react()],
  build: {
    target: "es2022",
    sourcemap: false,
  },
  server: {
    proxy: {
      "/graphql": { target: api, ws: true },
      "/calendar": { target: api },
    },
  },
});
