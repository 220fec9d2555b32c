// Group Policy values for Bastide, read with the reg.exe Windows ships (no native addon). `reg export` writes a
// UTF-16 .reg file, so accented values (an account's label) arrive intact, where `reg query` prints them in the
// console's OEM code page; REG_MULTI_SZ entries also stay separate, where `reg query` joins them with "\0".
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RegistryValue, RegistryValues } from '../core/policy/merge';

export const POLICY_KEY = 'SOFTWARE\\Policies\\Bastide';

const hiveNames = { HKLM: 'HKEY_LOCAL_MACHINE', HKCU: 'HKEY_CURRENT_USER' } as const;
export type Hive = keyof typeof hiveNames;

const unquote = (quoted: string) => quoted.slice(1, -1).replace(/\\(["\\])/g, '$1');

function bytesOf(hex: string): Buffer {
  const digits = hex.replace(/[\s,\\]/g, '');
  return Buffer.from(digits, 'hex');
}

const utf16 = (bytes: Buffer) => bytes.toString('utf16le');

/** One value's data as regedit writes it: "text", dword:…, or hex(type):bytes. */
function parseData(data: string): RegistryValue | undefined {
  if (data.startsWith('"')) return unquote(data);
  if (data.startsWith('dword:')) return parseInt(data.slice(6), 16);
  const hex = /^hex(?:\(([0-9a-f]+)\))?:(.*)$/i.exec(data);
  if (!hex) return undefined;
  const type = parseInt(hex[1] ?? '3', 16);
  const bytes = bytesOf(hex[2]!);
  switch (type) {
    case 1: // REG_SZ
    case 2: // REG_EXPAND_SZ, left unexpanded
      return utf16(bytes).replace(/\0+$/, '');
    case 4: // REG_DWORD
      return bytes.length === 4 ? bytes.readUInt32LE(0) : undefined;
    case 7: {
      // REG_MULTI_SZ: strings ended by \0, the list by one more
      const items = utf16(bytes).split('\0');
      while (items.length > 0 && items.at(-1) === '') items.pop();
      return items;
    }
    case 0xb: // REG_QWORD
      return bytes.length === 8 ? Number(bytes.readBigUInt64LE(0)) : undefined;
    default:
      // REG_BINARY and the rest: kept as text, so the schema reports the policy as invalid rather than absent.
      return bytes.toString('hex');
  }
}

/** Lines of a .reg file with regedit's `\` continuations joined. */
function logicalLines(text: string): string[] {
  const lines: string[] = [];
  let pending = '';
  for (const raw of text.replace(/^\uFEFF/, '').split(/\r?\n/)) {
    const line = pending ? pending + raw.trimStart() : raw;
    // A quoted value ends with its closing quote; only hex data wraps.
    if (line.endsWith('\\') && !/="(?:[^"\\]|\\.)*"$/.test(line)) {
      pending = line.slice(0, -1);
      continue;
    }
    pending = '';
    lines.push(line);
  }
  if (pending) lines.push(pending);
  return lines;
}

/** The values of `keyPath` itself (not of its subkeys) in a `reg export` file. */
export function parseRegExport(text: string, keyPath: string): RegistryValues {
  const values: Record<string, RegistryValue> = {};
  const wanted = keyPath.toLowerCase();
  let inKey = false;
  for (const line of logicalLines(text)) {
    const section = /^\[(.*)\]\s*$/.exec(line);
    if (section) {
      inKey = section[1]!.toLowerCase() === wanted;
      continue;
    }
    if (!inKey) continue;
    // The default value (@=) is no policy.
    const entry = /^("(?:[^"\\]|\\.)*")=(.*)$/.exec(line);
    if (!entry) continue;
    const data = parseData(entry[2]!.trim());
    if (data !== undefined) values[unquote(entry[1]!)] = data;
  }
  return values;
}

/** Runs reg.exe and resolves to its exit code; rejects when it cannot run at all. */
export type RegRunner = (args: readonly string[]) => Promise<number>;

const regExe = () => join(process.env.SystemRoot ?? 'C:\\Windows', 'System32', 'reg.exe');

export const runReg: RegRunner = (args) =>
  new Promise((resolve, reject) => {
    execFile(regExe(), [...args], { windowsHide: true, timeout: 10_000 }, (error) => {
      if (!error) resolve(0);
      else if (typeof error.code === 'number') resolve(error.code);
      else reject(error);
    });
  });

/** One hive's policy values; {} when the key does not exist; throws when reg.exe cannot be used. */
export async function readPolicyHive(hive: Hive, run: RegRunner = runReg): Promise<RegistryValues> {
  const dir = await mkdtemp(join(tmpdir(), 'bastide-policies-'));
  try {
    const file = join(dir, 'policies.reg');
    if ((await run(['export', `${hive}\\${POLICY_KEY}`, file, '/y'])) === 0) {
      return parseRegExport(await readFile(file, 'utf16le'), `${hiveNames[hive]}\\${POLICY_KEY}`);
    }
    // reg fails alike for a missing key and for a refusal (registry tools disabled by policy, a localised
    // message either way): a key that always exists tells them apart.
    if ((await run(['query', `${hive}\\SOFTWARE`])) === 0) return {};
    throw new Error(`reg.exe cannot read ${hive}`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The PolicySource half for Windows: both hives, machine and user (merge.ts decides that HKLM wins). */
export function createWindowsRegistryReader(run: RegRunner = runReg) {
  return async (): Promise<{ hklm: RegistryValues; hkcu: RegistryValues }> => {
    const [hklm, hkcu] = await Promise.all([readPolicyHive('HKLM', run), readPolicyHive('HKCU', run)]);
    return { hklm, hkcu };
  };
}
