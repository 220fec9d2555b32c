// Registers Bastide as the handler of `bastide://` and `mailto:` where no installer or administrator does it
// (main/core/links/protocol-registration.ts decides where).
import { app } from 'electron';
import { schemesToRegister } from '../core/links/protocol-registration';
import { readInstallFacts } from '../core/updates/install-facts';
import { detectInstallType } from '../core/updates/decision';

type ProtocolApp = Pick<
  typeof app,
  'isDefaultProtocolClient' | 'setAsDefaultProtocolClient' | 'isPackaged' | 'getName'
>;

/** Returns the schemes it registered. */
export async function registerProtocolClients(electronApp: ProtocolApp = app): Promise<string[]> {
  const facts = await readInstallFacts({
    platform: process.platform,
    isPackaged: electronApp.isPackaged,
    exePath: process.execPath,
    resourcesPath: process.resourcesPath,
    productName: electronApp.getName(),
    env: process.env,
  });
  const registered: string[] = [];
  for (const scheme of schemesToRegister(process.platform, detectInstallType(facts))) {
    if (electronApp.isDefaultProtocolClient(scheme)) continue;
    if (electronApp.setAsDefaultProtocolClient(scheme)) registered.push(scheme);
  }
  return registered;
}
