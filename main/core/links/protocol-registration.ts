// Whether Bastide registers itself at run time as the handler of its links (`app.setAsDefaultProtocolClient`).
// Only where nothing else does it: Linux packages declare both schemes in their .desktop file (MimeType), macOS
// in Info.plist, the NSIS installer in the registry (build/installer.nsh); an MSI is deployed by IT, whose
// policies set the default applications; a development build must not take over the machine's handlers. What
// is left is a portable copy on Windows, which nothing installed.
import type { InstallType } from '../updates/decision';

export const LINK_SCHEMES = ['bastide', 'mailto'] as const;
export type LinkScheme = (typeof LINK_SCHEMES)[number];

export function schemesToRegister(platform: string, installType: InstallType): LinkScheme[] {
  return platform === 'win32' && installType === 'portable' ? [...LINK_SCHEMES] : [];
}
