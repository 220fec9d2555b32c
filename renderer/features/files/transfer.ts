// Sending a file from the renderer to the core in chunks (any size, a little memory at a time): staged on this
// device first, then queued as an upload the core runs when the server is reachable, with progress events.
import type { FileEntry } from '../../../preload/contract';
import { call } from '../../ui/api';

/** 3 MiB of file per request: 4 MiB of base64, well under the channel's limit. */
const CHUNK = 3 * 1024 * 1024;

function base64(buffer: ArrayBuffer): string {
  const bytes = new Uint8Array(buffer);
  let binary = '';
  for (let start = 0; start < bytes.length; start += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(start, start + 0x8000));
  }
  return btoa(binary);
}

/** Stages a file's content in the core; `onProgress` follows the bytes handed over. */
export async function stageFile(file: File, onProgress?: (done: number, total: number) => void): Promise<string> {
  const { stagingId } = await call('files:stage', { name: file.name, size: file.size });
  for (let offset = 0; offset < file.size; offset += CHUNK) {
    const slice = file.slice(offset, offset + CHUNK);
    await call('files:stageChunk', { stagingId, offset, data: base64(await slice.arrayBuffer()) });
    onProgress?.(offset + slice.size, file.size);
  }
  return stagingId;
}

export async function uploadFile(
  file: File,
  target: { parentId: string | null; spaceId: string | null },
  onProgress?: (done: number, total: number) => void,
): Promise<FileEntry> {
  const stagingId = await stageFile(file, onProgress);
  return call('files:queueUpload', {
    stagingId,
    parentId: target.parentId,
    ...(target.parentId === null && target.spaceId !== null ? { spaceId: target.spaceId } : {}),
  });
}
