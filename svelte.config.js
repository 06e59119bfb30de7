import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

// Runes everywhere: a component without any rune would otherwise be compiled in legacy mode, and bring
// Svelte's legacy runtime into the phone page (0.5 KB gzip).
export default { preprocess: vitePreprocess(), compilerOptions: { runes: true } };
