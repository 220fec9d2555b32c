import { readFile, stat } from 'node:fs/promises';
import type { PolicyFile, PolicySource, RegistryValues } from './merge';

/** Reads a policy file; null when it does not exist. Other errors (permissions…) reach the caller. */
export async function readPolicyFile(path: string): Promise<PolicyFile | null> {
  try {
    const [text, info] = await Promise.all([readFile(path, 'utf8'), stat(path)]);
    return { text, worldWritable: (info.mode & 0o002) !== 0 };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

const noRegistry = async (): Promise<{ hklm: RegistryValues; hkcu: RegistryValues }> => ({ hklm: {}, hkcu: {} });

/** A policy source for plain Node: the Linux file from disk; the registry from the Electron side when given. */
export function createNodePolicySource(
  readWindowsRegistry: PolicySource['readWindowsRegistry'] = noRegistry,
): PolicySource {
  return { readWindowsRegistry, readLinuxFile: readPolicyFile };
}
