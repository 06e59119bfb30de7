/**
 * Preloaded (`node --import`) into a server child process by serverProcess.ts when a test asks
 * for a clock offset: from then on the process's Date.now() runs CLOCK_OFFSET_MS ahead of the real
 * clock. The server takes every time it uses from Date.now() (server/app.ts), so a test can start
 * it as if an outage had lasted that long, instead of waiting it out. Timers (setTimeout,
 * performance.now) keep real time, as after a real outage.
 */
const offsetMs = Number(process.env.CLOCK_OFFSET_MS);
if (!Number.isFinite(offsetMs)) throw new Error(`CLOCK_OFFSET_MS is not a number of ms: ${process.env.CLOCK_OFFSET_MS}`);
const realNow = Date.now.bind(Date);
Date.now = () => realNow() + offsetMs;
