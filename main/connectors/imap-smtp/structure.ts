// Reads a message's MIME tree (IMAP BODYSTRUCTURE) into what the engine needs: which parts hold the text and
// HTML bodies, and the attachments with their part numbers, so that each is fetched alone and only when
// wanted. Malformed or hostile trees (thousands of parts, absurd nesting) are walked with bounds.
import type { MessageStructureObject } from 'imapflow';
import type { BodyParts, RemoteAttachment } from '../../core/mail/remote';

const MAX_DEPTH = 32;
const MAX_PARTS = 500;
const MAX_NAME = 255;

export interface MessageLayout {
  bodyParts: BodyParts;
  attachments: RemoteAttachment[];
}

export function layoutOf(root: MessageStructureObject | undefined): MessageLayout {
  const layout: MessageLayout = { bodyParts: {}, attachments: [] };
  if (!root) return layout;
  const stack: { node: MessageStructureObject; depth: number }[] = [{ node: root, depth: 0 }];
  let visited = 0;
  while (stack.length > 0 && visited < MAX_PARTS) {
    const { node, depth } = stack.pop()!;
    visited++;
    const type = (node.type || 'application/octet-stream').toLowerCase();
    if (type.startsWith('multipart/')) {
      if (depth >= MAX_DEPTH) continue;
      // Reversed onto the stack so that parts are read in document order.
      const children = node.childNodes ?? [];
      for (let index = children.length - 1; index >= 0; index--) {
        stack.push({ node: children[index]!, depth: depth + 1 });
      }
      continue;
    }
    const part = node.part ?? '1';
    if (!isAttachment(node, type)) {
      if (type === 'text/plain' && layout.bodyParts.text === undefined) {
        layout.bodyParts.text = part;
        continue;
      }
      if (type === 'text/html' && layout.bodyParts.html === undefined) {
        layout.bodyParts.html = part;
        continue;
      }
    }
    layout.attachments.push(attachmentOf(node, type, part));
  }
  return layout;
}

function isAttachment(node: MessageStructureObject, type: string): boolean {
  if (node.disposition?.toLowerCase() === 'attachment') return true;
  return !type.startsWith('text/') || Boolean(fileNameOf(node));
}

function attachmentOf(node: MessageStructureObject, type: string, part: string): RemoteAttachment {
  const contentId = node.id ? node.id.replace(/^<|>$/g, '') : null;
  const name =
    fileNameOf(node) ??
    (type === 'message/rfc822' && node.envelope?.subject ? `${node.envelope.subject}.eml` : defaultName(type, part));
  return {
    part,
    name: name.slice(0, MAX_NAME),
    size: decodedSize(node),
    mimeType: type,
    contentId,
    inline: node.disposition?.toLowerCase() === 'inline' || (contentId !== null && node.disposition === undefined),
  };
}

function fileNameOf(node: MessageStructureObject): string | null {
  const name = node.dispositionParameters?.filename ?? node.parameters?.name;
  return name ? name.replace(/[\\/]/g, '_').trim() || null : null;
}

function defaultName(type: string, part: string): string {
  const extension = type.split('/')[1]?.replace(/[^a-z0-9]+/g, '') || 'bin';
  return `piece-jointe-${part}.${extension}`;
}

/** Base64 takes 4 bytes for 3 (plus line breaks); the size shown is the file's. */
function decodedSize(node: MessageStructureObject): number {
  const size = node.size ?? 0;
  return node.encoding?.toLowerCase() === 'base64' ? Math.floor((size * 3) / 4) : size;
}
