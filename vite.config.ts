import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { inlinePageCss, inlinePageScript, phoneRouteInDev, precompress } from './scripts/buildPlugins.ts';

const serverPort = Number(process.env.PORT ?? 3000);
const client = (path: string) => fileURLToPath(new URL(`./client/${path}`, import.meta.url));
const TARGET = 'es2020';

export default defineConfig({
  root: 'client',
  plugins: [
    svelte({ configFile: fileURLToPath(new URL('./svelte.config.js', import.meta.url)) }),
    inlinePageCss('phone.html'),
    inlinePageScript('phone.html', client('phoneEarly.ts'), TARGET),
    precompress(),
    phoneRouteInDev('phone.html'),
  ],
  build: {
    outDir: '../dist/client',
    target: TARGET,
    // Class fields lowered to ES2020 as assignments, not Object.defineProperty through Babel's helpers (the
    // same for classes that do not override an accessor of their parent, which none here does): 0.3 KB gzip on a phone.
    rollupOptions: {
      transform: { assumptions: { setPublicClassFields: true } },
      // Svelte's element-size bindings: no page binds a size, but the lowered static field of their
      // ResizeObserver class looks like a side effect, so the module stayed in (0.2 KB gzip on a phone).
      treeshake: { moduleSideEffects: [{ test: /svelte\/src\/internal\/client\/dom\/elements\/bindings\/size\.js$/, sideEffects: false }] },
    },
  },
  // Two builds into one folder. The phone page (/s/CODE) is built on its own, so its chunks hold only
  // what a phone runs: built together, the pages would share chunks that carry the other page's code.
  builder: {
    async buildApp(builder) {
      for (const name of ['client', 'phone']) await builder.build(builder.environments[name]!);
    },
  },
  environments: {
    client: {
      build: { emptyOutDir: true, rollupOptions: { input: { index: client('index.html') } } },
    },
    phone: {
      consumer: 'client',
      build: {
        emptyOutDir: false,
        // Terser's few passes make the phone's chunks 0.6 KB gzip smaller than the default minifier.
        minify: 'terser',
        terserOptions: { module: true, compress: { passes: 3 } },
        // The script that fetches the page's preloads in browsers without modulepreload runs at the top of
        // the chunk that imports its language right after: it would win nothing.
        modulePreload: { polyfill: false },
        // The server reads which chunk holds each language's phone messages (server/pages.ts).
        manifest: '.vite/phone-manifest.json',
        rollupOptions: { input: { phone: client('phone.html') } },
      },
    },
  },
  server: {
    // `npm run dev`: Vite serves the client with hot reload, the API and sockets go to the server.
    port: 5173,
    proxy: {
      '/api': `http://127.0.0.1:${serverPort}`,
      '/socket.io': { target: `ws://127.0.0.1:${serverPort}`, ws: true },
    },
  },
});
