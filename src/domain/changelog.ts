/**
 * What changed between two versions of a dataset: documents (by id and content hash) and Q-R pairs
 * (by tree node and content). Pure, so it is tested without a store.
 */
export interface VersionedDocument {
  docId: string;
  contentHash: string;
}

export interface VersionedPair {
  /** `<rootId>/<pass>/<path>`: the tree node the pair came from. */
  node: string;
  question: string;
  answer: string;
}

export interface DocumentChanges {
  new: string[];
  changed: string[];
  deleted: string[];
  unchanged: number;
}

export interface PairChanges {
  added: number;
  removed: number;
  kept: number;
}

export function documentChanges(previous: readonly VersionedDocument[], current: readonly VersionedDocument[]): DocumentChanges {
  const before = new Map(previous.map((document) => [document.docId, document.contentHash]));
  const now = new Set(current.map((document) => document.docId));
  const changes: DocumentChanges = { new: [], changed: [], deleted: [], unchanged: 0 };
  for (const document of current) {
    const hash = before.get(document.docId);
    if (hash === undefined) changes.new.push(document.docId);
    else if (hash !== document.contentHash) changes.changed.push(document.docId);
    else changes.unchanged += 1;
  }
  changes.deleted = previous.filter((document) => !now.has(document.docId)).map((document) => document.docId);
  for (const list of [changes.new, changes.changed, changes.deleted]) list.sort();
  return changes;
}

/** A pair is kept when the same node has the same question and answer in both versions. */
export function pairChanges(previous: readonly VersionedPair[], current: readonly VersionedPair[]): PairChanges {
  const key = (pair: VersionedPair) => JSON.stringify([pair.node, pair.question, pair.answer]);
  const before = new Set(previous.map(key));
  const now = new Set(current.map(key));
  let kept = 0;
  for (const pair of now) if (before.has(pair)) kept += 1;
  return { added: now.size - kept, removed: before.size - kept, kept };
}
