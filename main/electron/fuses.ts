// The Electron fuses flipped in every build (applied at packaging time by @electron/fuses, not here).
// Names follow @electron/fuses' FuseV1Options; the Record type forces a decision for each one, so a fuse
// added by an Electron upgrade fails typechecking until someone decides it (Element Desktop does the same).

export type FuseName =
  | 'RunAsNode'
  | 'EnableCookieEncryption'
  | 'EnableNodeOptionsEnvironmentVariable'
  | 'EnableNodeCliInspectArguments'
  | 'EnableEmbeddedAsarIntegrityValidation'
  | 'OnlyLoadAppFromAsar'
  | 'LoadBrowserProcessSpecificV8Snapshot'
  | 'GrantFileProtocolExtraPrivileges';

export const fuses: Readonly<Record<FuseName, boolean>> = Object.freeze({
  // ELECTRON_RUN_AS_NODE would turn the signed binary into a general-purpose Node.
  RunAsNode: false,
  EnableCookieEncryption: true,
  // Also ignores NODE_EXTRA_CA_CERTS: production HTTP goes through Electron `net` and the OS trust store.
  EnableNodeOptionsEnvironmentVariable: false,
  // Playwright's `_electron.launch` needs this on: end-to-end runs against a packaged build flip it back.
  EnableNodeCliInspectArguments: false,
  // Checked on Windows and macOS; Linux packages rely on the package manager's signatures.
  EnableEmbeddedAsarIntegrityValidation: true,
  OnlyLoadAppFromAsar: true,
  // No custom V8 snapshot is shipped.
  LoadBrowserProcessSpecificV8Snapshot: false,
  // The renderer is served from app://, never file://.
  GrantFileProtocolExtraPrivileges: false,
});
