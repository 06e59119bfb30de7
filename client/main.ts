// The home page, the presenter view, the audience screen, the report and the library.
// The phone has a page of its own (phone.html, phone.ts): none of this code is on it.
import { mount } from 'svelte';
import { en } from '../common/i18n/en.ts';
import { nl } from '../common/i18n/nl.ts';
import App from './App.svelte';
import { i18n } from './lib/i18n.svelte.ts';
import './app.css';

i18n.use({ nl, en });
mount(App, { target: document.getElementById('app')! });
