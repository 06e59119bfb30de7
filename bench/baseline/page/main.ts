/** The baseline phone page: a Svelte 5 join form on socket.io-client, built by the bench with the project's vite. */
import { mount } from 'svelte';
import BaselinePhone from './BaselinePhone.svelte';

const target = document.getElementById('app');
if (target) mount(BaselinePhone, { target });
