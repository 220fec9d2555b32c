// electron-builder `msiProjectCreated` hook. Adds `<install dir>\resources\package-type` containing "msi" to the
// MSI, the marker main/core/updates/decision.ts reads to recognise an MSI installation and never self-update it:
// electron-updater does not know MSI and would install its NSIS package beside it (Mattermost #2175).
// electron-builder writes the same file with "deb" or "rpm" for the Linux packages.
import { readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

const escapeXml = (text) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Returns project.wxs with a component installing `markerPath` as resources\package-type. */
export function addPackageTypeMarker(wxs, markerPath) {
  const resources = /<Directory Id="([^"]+)" Name="APPLICATIONFOLDER:\\resources\\"\/>/.exec(wxs);
  if (!resources) throw new Error('msi-package-type: project.wxs declares no resources directory');
  if (/<File Name="package-type"/.test(wxs))
    throw new Error('msi-package-type: project.wxs already has a package-type');
  const closing = wxs.lastIndexOf('</ComponentGroup>');
  if (closing === -1) throw new Error('msi-package-type: project.wxs has no ComponentGroup');
  const component =
    `<Component Directory="${resources[1]}">\n` +
    `        <File Name="package-type" Source="${escapeXml(markerPath)}" ReadOnly="yes" KeyPath="yes"/>\n` +
    `      </Component>\n    `;
  return wxs.slice(0, closing) + component + wxs.slice(closing);
}

export async function msiProjectCreated(projectFile) {
  const marker = join(dirname(projectFile), 'package-type');
  await writeFile(marker, 'msi');
  await writeFile(projectFile, addPackageTypeMarker(await readFile(projectFile, 'utf8'), marker));
}

export default msiProjectCreated;
