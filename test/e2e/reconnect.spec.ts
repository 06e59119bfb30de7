/**
 * A phone that loses the network keeps its seat, and what it wrote offline arrives once; a phone on
 * a network that lets no WebSocket through takes part over long-polling; the pages come back by
 * themselves when the server restarts.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '../../server/startServer.ts';
import { createSqliteStore } from '../../server/store/sqliteStore.ts';
import { expect, joinAs, newPhone, openPhone, openProjector, test } from './fixtures.ts';

test('a phone that goes offline shows it, keeps its note and sends it once when back', async ({ browser, server }) => {
  const { page: presenter, code } = await openProjector(browser, server);
  const phone = await openPhone(browser, server, code);
  await joinAs(phone, 'Esra');
  await presenter.getByRole('button', { name: 'Starten' }).click();
  await expect(phone.getByTestId('phone-phase')).toHaveAttribute('data-phase-index', '0');

  await phone.context().setOffline(true);
  // The page itself notices: the socket closes on the browser's offline event.
  await phone.evaluate(() => window.dispatchEvent(new Event('offline')));
  await expect(phone.getByText('Verbinding herstellen…')).toBeVisible();

  await phone.getByLabel('Nieuwe aantekening').fill('Agenda vooraf mailen');
  await phone.getByRole('button', { name: 'Bewaren' }).click();
  const notes = phone.getByTestId('my-notes');
  await expect(notes.getByRole('listitem')).toHaveCount(1);
  await expect(notes).toContainText('Nog niet verstuurd');

  // Meanwhile the facilitator moves on.
  await presenter.getByRole('button', { name: 'Volgende' }).click();

  await phone.context().setOffline(false);
  await phone.evaluate(() => window.dispatchEvent(new Event('online')));
  await expect(phone.getByText('Verbinding herstellen…')).toBeHidden();
  await expect(phone.getByTestId('phone-phase')).toHaveAttribute('data-phase-index', '1');
  await expect(phone.getByTestId('my-name')).toHaveText('Esra');
  await expect(notes.getByRole('listitem')).toHaveCount(1);
  await expect(notes).toContainText('Agenda vooraf mailen');
  await expect(notes).toContainText('Fase 1');
  await expect(notes).not.toContainText('Nog niet verstuurd');

  // After a reload the note is still there, once: it came from the server.
  await phone.reload();
  await expect(phone.getByTestId('my-notes').getByRole('listitem')).toHaveCount(1);
});

test('a phone on a network that lets no WebSocket through joins, follows the session and sends its note over long-polling', async ({ browser, server }) => {
  const { page: presenter, code } = await openProjector(browser, server);
  const phone = await newPhone(browser, server);
  // A school firewall: every WebSocket to the server is closed before it opens.
  let refused = 0;
  await phone.routeWebSocket(/\/socket\.io\//, (socket) => {
    refused++;
    socket.close({ code: 1008, reason: 'blocked' });
  });
  await phone.goto(`/s/${code}`);
  await joinAs(phone, 'Noor');
  expect(refused).toBeGreaterThan(0);

  await presenter.getByRole('button', { name: 'Starten' }).click();
  await expect(phone.getByTestId('phone-phase')).toHaveAttribute('data-phase-index', '0');
  await phone.getByLabel('Nieuwe aantekening').fill('Eerst luisteren');
  await phone.getByRole('button', { name: 'Bewaren' }).click();
  const notes = phone.getByTestId('my-notes');
  await expect(notes).toContainText('Eerst luisteren');
  await expect(notes).not.toContainText('Nog niet verstuurd');
  await presenter.getByRole('button', { name: 'Volgende' }).click();
  await expect(phone.getByTestId('phone-phase')).toHaveAttribute('data-phase-index', '1');
  await expect(presenter.getByText('Noor')).toBeVisible();
});

test('when the server restarts, the phone and the presenter come back by themselves: the seat, the phase and the note', async ({ browser }) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'driegesprek-restart-'));
  const first = await startServer({ store: createSqliteStore(dataDir) });
  const projector = await openProjector(browser, first);
  const phone = await openPhone(browser, first, projector.code);
  let second: Awaited<ReturnType<typeof startServer>> | null = null;
  try {
    await joinAs(phone, 'Sanne');
    await projector.page.getByRole('button', { name: 'Starten' }).click();
    await expect(phone.getByTestId('phone-phase')).toHaveAttribute('data-phase-index', '0');
    await phone.getByLabel('Nieuwe aantekening').fill('Samen een doel kiezen');
    await phone.getByRole('button', { name: 'Bewaren' }).click();
    await expect(phone.getByTestId('my-notes')).not.toContainText('Nog niet verstuurd');

    await first.close();
    await expect(phone.getByText('Verbinding herstellen…')).toBeVisible();
    // The same address and the same data: the server came back.
    second = await startServer({ store: createSqliteStore(dataDir), port: first.port });
    await expect(phone.getByText('Verbinding herstellen…')).toBeHidden();
    await expect(phone.getByTestId('my-name')).toHaveText('Sanne');
    await expect(phone.getByTestId('phone-phase')).toHaveAttribute('data-phase-index', '0');
    await expect(phone.getByTestId('my-notes')).toContainText('Samen een doel kiezen');
    // The presenter's commands go through again.
    await projector.page.getByRole('button', { name: 'Volgende' }).click();
    await expect(phone.getByTestId('phone-phase')).toHaveAttribute('data-phase-index', '1');
  } finally {
    await Promise.all([projector.context.close(), projector.screen.context().close(), phone.context().close()]);
    await second?.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
