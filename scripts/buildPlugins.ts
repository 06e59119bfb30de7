/**
 * Vite plugins for a light phone page (vite.config.ts):
 * - the phone page's own CSS goes into its HTML as a <style> (no stylesheet to wait for before the
 *   first paint; the server allows exactly that style by its hash in the Content-Security-Policy);
 * - so does its first script, which makes the join form in its HTML work before the app has come
 *   (client/phoneEarly.ts, bundled and minified into one small classic script, allowed by its hash too);
 * - every file of the build is written brotli- and gzip-compressed beside itself, once, so the
 *   server sends them compressed without compressing per request;
 * - the dev server answers /s/CODE with the phone page, as the server does.
 */
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { Plugin } from 'vite';

/** The phone's route (served by the server in server/app.ts). */
const PHONE_ROUTE = /^\/s\/[^/.]+\/?$/;

/** Replaces the phone page's stylesheet links by their CSS, inline. */
export function inlinePageCss(page: string): Plugin {
  return {
    name: 'driegesprek:inline-page-css',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html, context) {
        if (!context.bundle || !context.filename.endsWith(`/${page}`)) return html;
        const bundle = context.bundle;
        return html.replace(/\s*<link rel="stylesheet"[^>]*href="\/([^"]+\.css)"[^>]*>/g, (link, fileName: string) => {
          const asset = bundle[fileName];
          if (asset?.type !== 'asset') return link;
          const css = typeof asset.source === 'string' ? asset.source : new TextDecoder().decode(asset.source);
          return `\n    <style>${css.trim()}</style>`;
        });
      },
    },
  };
}

/**
 * Puts `source` (TypeScript, bundled with what it imports and minified into one classic script for
 * `target`) into the page's HTML, at the end of its body: it runs as soon as the page above it is parsed,
 * before the first paint and before the page's module scripts.
 */
export function inlinePageScript(page: string, source: string, target: string): Plugin {
  return {
    name: 'driegesprek:inline-page-script',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      async handler(html, context) {
        if (!context.filename.endsWith(`/${page}`)) return html;
        const { build } = await import('esbuild');
        const result = await build({ entryPoints: [source], bundle: true, minify: true, format: 'iife', target, write: false, legalComments: 'none' });
        const script = result.outputFiles[0]!.text.trim();
        // Nothing in it may end the element early.
        if (/<\/script|<!--/i.test(script)) throw new Error(`${source}: its bundle cannot be inlined into ${page} as it is`);
        return html.replace('</body>', `  <script>${script}</script>\n  </body>`);
      },
    },
  };
}

/** Files worth compressing; images such as PNG are compressed already. */
const COMPRESSIBLE = /\.(js|mjs|css|html|svg|json|ico|txt|map)$/;

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** Writes `FILE.br` and `FILE.gz` beside every compressible file of the build, where that is smaller. */
export function precompress(): Plugin {
  return {
    name: 'driegesprek:precompress',
    apply: 'build',
    closeBundle() {
      const { root, build } = this.environment.config;
      for (const path of filesUnder(resolve(root, build.outDir)).filter((file) => COMPRESSIBLE.test(file))) {
        // Each page's build ends here, in the same folder: what an earlier one compressed is done.
        if (existsSync(`${path}.gz`) && statSync(`${path}.gz`).mtimeMs >= statSync(path).mtimeMs) continue;
        const source = readFileSync(path);
        const brotli = brotliCompressSync(source, {
          params: { [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY, [constants.BROTLI_PARAM_SIZE_HINT]: source.length },
        });
        const gzip = gzipSync(source, { level: 9 });
        // The server sends the original when a compressed file is missing.
        if (brotli.length < source.length) writeFileSync(`${path}.br`, brotli);
        if (gzip.length < source.length) writeFileSync(`${path}.gz`, gzip);
      }
    },
  };
}

/** `npm run dev`: /s/CODE is the phone page (phone.html), as the server serves it. */
export function phoneRouteInDev(page: string): Plugin {
  return {
    name: 'driegesprek:phone-route-in-dev',
    apply: 'serve',
    configureServer(server) {
      server.middlewares.use((request, _response, next) => {
        if (request.url && PHONE_ROUTE.test(request.url.split('?')[0] ?? '')) request.url = `/${page}`;
        next();
      });
    },
  };
}
