// Checks the patient's access log against the consent service's tamper-evident ledger, in the
// browser, with nothing but WebCrypto. From the patient's entries as the service sends them
// (GET /portal/my/ledger) it verifies, for each entry:
//   - its leaf hash is SHA-256(0x00 || leaf data) (RFC 6962);
//   - its inclusion proof leads from that leaf to the root of the signed tree head (RFC 9162 2.1.3.2);
//   - the SHA-256 of its event body is the one the leaf holds, and the body records what the
//     page's row shows (kind, time, study, round and hospital, or consent version);
//   - the leaf's commitment is HMAC-SHA256, under the patient's commitment key, of the label, their
//     pseudonym and that hash: the entry is about this patient;
// and, once per page, that the tree head is the service's ES256 JWS (key from /api/v1/ledger/key)
// of exactly the checkpoint it claims, and that it extends the last head this browser verified,
// kept in localStorage, by a consistency proof (RFC 9162 2.1.4.2, from /api/v1/ledger/consistency).
// Any check that fails is shown as "could not be verified", never passed over. Without this
// script the page lists the same entries, marked as not checked.
'use strict';

const fedomicsLedger = (() => {
  const HEAD_TYPE = 'fedomics-tree-head+jws';
  const COMMITMENT_LABEL = 'fedomics-ledger-commitment-v1\n';
  const LEAF_VERSION = 1;
  const LEAF_LENGTH = 65;
  const HASH_LENGTH = 32;
  const STORED_HEAD = 'fedomics.ledger.lastVerifiedHead';
  const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
  const BASE64URL = /^[A-Za-z0-9_-]*$/;
  const SIZE = /^(?:0|[1-9][0-9]{0,18})$/;
  const MAX_SIZE = 2n ** 63n - 1n;
  // A C2SP checkpoint as the service signs it: origin, size and base64 root, each line ending in a newline.
  const CHECKPOINT = /^([\x21-\x2A\x2C-\x7E]{1,200})\n(0|[1-9][0-9]{0,18})\n([A-Za-z0-9+/]{43}=)\n$/;
  const encoder = new TextEncoder();
  const decoder = new TextDecoder('utf-8', { fatal: true });

  /** A check that did not pass; its message says which, in words for the patient. */
  class Failure extends Error {
  }

  function fromBase64(text, what) {
    if (typeof text !== 'string' || !BASE64.test(text)) {
      throw new Failure(what + ' is not base64');
    }
    return Uint8Array.from(atob(text), c => c.charCodeAt(0));
  }

  function fromBase64Url(text, what) {
    if (typeof text !== 'string' || !BASE64URL.test(text) || text.length % 4 === 1) {
      throw new Failure(what + ' is not base64url');
    }
    const padding = '='.repeat((4 - text.length % 4) % 4);
    return fromBase64(text.replace(/-/g, '+').replace(/_/g, '/') + padding, what);
  }

  function toBase64(bytes) {
    return btoa(String.fromCharCode(...bytes));
  }

  function utf8(bytes, what) {
    try {
      return decoder.decode(bytes);
    } catch (e) {
      throw new Failure(what + ' is not UTF-8 text');
    }
  }

  function hash(text, what) {
    const bytes = fromBase64(text, what);
    if (bytes.length !== HASH_LENGTH) {
      throw new Failure(what + ' is not a SHA-256 hash');
    }
    return bytes;
  }

  function hashes(list, what) {
    if (!Array.isArray(list)) {
      throw new Failure(what + ' is not a list of hashes');
    }
    return list.map(h => hash(h, what));
  }

  /** A tree size or leaf index: a JSON number that is exact (below 2^53) or a decimal text. */
  function size(value, what) {
    if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) {
      return BigInt(value);
    }
    if (typeof value === 'string' && SIZE.test(value) && BigInt(value) <= MAX_SIZE) {
      return BigInt(value);
    }
    throw new Failure(what + ' is not a tree size');
  }

  function requireHashes(proof) {
    if (!Array.isArray(proof) || proof.some(p => !(p instanceof Uint8Array) || p.length !== HASH_LENGTH)) {
      throw new Failure('the proof is not a list of SHA-256 hashes');
    }
  }

  function equal(a, b) {
    if (a.length !== b.length) {
      return false;
    }
    let difference = 0;
    for (let i = 0; i < a.length; i++) {
      difference |= a[i] ^ b[i];
    }
    return difference === 0;
  }

  function concat(...parts) {
    const out = new Uint8Array(parts.reduce((n, part) => n + part.length, 0));
    let at = 0;
    for (const part of parts) {
      out.set(part, at);
      at += part.length;
    }
    return out;
  }

  async function sha256(bytes) {
    return new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  }

  function hashLeaf(data) {
    return sha256(concat(Uint8Array.of(0), data));
  }

  function hashChildren(left, right) {
    return sha256(concat(Uint8Array.of(1), left, right));
  }

  /** The root an inclusion proof leads to from a leaf hash (RFC 9162 2.1.3.2); sizes and indices are BigInts. */
  async function rootFromInclusionProof(index, treeSize, leafHash, proof) {
    requireHashes(proof);
    if (treeSize < 1n || index < 0n || index >= treeSize) {
      throw new Failure('entry ' + index + ' is not in a ledger of ' + treeSize + ' entries');
    }
    let fn = index;
    let sn = treeSize - 1n;
    let r = leafHash;
    for (const p of proof) {
      if (sn === 0n) {
        throw new Failure('the inclusion proof has more hashes than it needs');
      }
      if ((fn & 1n) === 1n || fn === sn) {
        r = await hashChildren(p, r);
        // On the right edge, levels where this subtree has no right sibling are skipped.
        while ((fn & 1n) === 0n && fn !== 0n) {
          fn >>= 1n;
          sn >>= 1n;
        }
      } else {
        r = await hashChildren(r, p);
      }
      fn >>= 1n;
      sn >>= 1n;
    }
    if (sn !== 0n) {
      throw new Failure('the inclusion proof has too few hashes');
    }
    return r;
  }

  /** Resolves if the leaf is at {@code index} in the tree of {@code treeSize} leaves with {@code root}; rejects with a Failure if not. */
  async function verifyInclusion(index, treeSize, leafHash, proof, root) {
    const computed = await rootFromInclusionProof(index, treeSize, leafHash, proof);
    if (!equal(computed, root)) {
      throw new Failure('its inclusion proof does not lead to the signed tree head');
    }
  }

  /** Resolves if the tree of size2 leaves only appended to the tree of size1 (RFC 9162 2.1.4.2); rejects with a Failure if not. */
  async function verifyConsistency(size1, size2, proof, root1, root2) {
    requireHashes(proof);
    if (size1 < 0n || size2 < size1) {
      throw new Failure('the ledger now has ' + size2 + ' entries, fewer than the ' + size1 + ' this browser saw before');
    }
    if (size1 === size2 || size1 === 0n) {
      if (proof.length !== 0) {
        throw new Failure('the consistency proof has hashes where it needs none');
      }
      if (size1 === 0n && !equal(root1, await sha256(new Uint8Array(0)))) {
        throw new Failure('the tree head of the empty ledger has the wrong root');
      }
      if (size1 === size2 && !equal(root1, root2)) {
        throw new Failure('the ledger has two different tree heads of size ' + size1 + ': its history was rewritten');
      }
      return;
    }
    if (proof.length === 0) {
      throw new Failure('the consistency proof is empty');
    }
    // When the old tree is a complete subtree of the new one, its root is the proof's starting point.
    const path = (size1 & (size1 - 1n)) === 0n ? [root1, ...proof] : proof;
    let fn = size1 - 1n;
    let sn = size2 - 1n;
    while ((fn & 1n) === 1n) {
      fn >>= 1n;
      sn >>= 1n;
    }
    let fr = path[0];
    let sr = path[0];
    for (const c of path.slice(1)) {
      if (sn === 0n) {
        throw new Failure('the consistency proof has more hashes than it needs');
      }
      if ((fn & 1n) === 1n || fn === sn) {
        fr = await hashChildren(c, fr);
        sr = await hashChildren(c, sr);
        while ((fn & 1n) === 0n && fn !== 0n) {
          fn >>= 1n;
          sn >>= 1n;
        }
      } else {
        sr = await hashChildren(sr, c);
      }
      fn >>= 1n;
      sn >>= 1n;
    }
    if (sn !== 0n) {
      throw new Failure('the consistency proof has too few hashes');
    }
    if (!equal(fr, root1)) {
      throw new Failure('the first ' + size1 + ' entries of the ledger are not the ones this browser saw before: its history was rewritten');
    }
    if (!equal(sr, root2)) {
      throw new Failure('the consistency proof does not lead to the new tree head');
    }
  }

  /** The checkpoint a tree head's JWS signs, if the signature is the service's ES256 signature with this key. */
  async function verifyTreeHead(jws, key) {
    const parts = typeof jws === 'string' ? jws.split('.') : [];
    if (parts.length !== 3) {
      throw new Failure('the tree head is not a signed JWS');
    }
    let header;
    try {
      header = JSON.parse(utf8(fromBase64Url(parts[0], 'the tree head\'s header'), 'the tree head\'s header'));
    } catch (e) {
      throw e instanceof Failure ? e : new Failure('the tree head\'s header is not JSON');
    }
    if (header === null || typeof header !== 'object' || header.alg !== 'ES256' || header.typ !== HEAD_TYPE || header.kid !== key.keyId || 'crit' in header) {
      throw new Failure('the tree head is not signed the way this ledger signs its heads');
    }
    const jwk = key.jwk;
    if (!jwk || jwk.kty !== 'EC' || jwk.crv !== 'P-256' || typeof jwk.x !== 'string' || typeof jwk.y !== 'string') {
      throw new Failure('the ledger\'s signing key is not a P-256 key');
    }
    let publicKey;
    try {
      publicKey = await crypto.subtle.importKey('jwk', { kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y },
        { name: 'ECDSA', namedCurve: 'P-256' }, false, ['verify']);
    } catch (e) {
      throw new Failure('the ledger\'s signing key is not a valid P-256 key');
    }
    // A JWS ES256 signature is r || s, 32 bytes each: the form WebCrypto verifies.
    const signature = fromBase64Url(parts[2], 'the tree head\'s signature');
    const signed = signature.length === 64 && await crypto.subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, publicKey, signature,
      encoder.encode(parts[0] + '.' + parts[1]));
    if (!signed) {
      throw new Failure('the tree head\'s signature is not the consent service\'s');
    }
    const text = utf8(fromBase64Url(parts[1], 'the signed tree head'), 'the signed tree head');
    const lines = CHECKPOINT.exec(text);
    if (!lines) {
      throw new Failure('the signed tree head is not a checkpoint');
    }
    if (lines[1] !== key.origin) {
      throw new Failure('the tree head is signed for another ledger');
    }
    return { origin: lines[1], size: BigInt(lines[2]), root: hash(lines[3], 'the tree head\'s root'), text: text };
  }

  /** The tree head the patient's entries come with, if its signature and every restatement of it agree. */
  async function verifiedHead(ledger, key) {
    const view = ledger.signedHead;
    if (!view) {
      throw new Failure('the service sent no signed tree head');
    }
    const head = await verifyTreeHead(view.jws, key);
    if (view.checkpoint !== head.text
        || size(view.treeSize, 'the tree size') !== head.size || size(ledger.treeSize, 'the tree size') !== head.size
        || !equal(hash(view.rootHash, 'the root hash'), head.root) || !equal(hash(ledger.rootHash, 'the root hash'), head.root)) {
      throw new Failure('the tree head the service describes is not the one it signed');
    }
    return head;
  }

  /**
   * What the entry's event body records, if the entry is in the tree of {@code head}, its body is
   * the one its leaf holds, and its leaf commits to this patient. {@code commitmentKey} is the
   * patient's key as a WebCrypto HMAC key.
   */
  async function verifyEntry(entry, pseudonym, commitmentKey, head) {
    const index = size(entry.leafIndex, 'the entry\'s number');
    const data = fromBase64(entry.leafData, 'the entry\'s leaf');
    if (data.length !== LEAF_LENGTH || data[0] !== LEAF_VERSION) {
      throw new Failure('the entry\'s leaf is not in the format this page knows');
    }
    const leafHash = await hashLeaf(data);
    if (!equal(leafHash, hash(entry.leafHash, 'the entry\'s leaf hash'))) {
      throw new Failure('the entry\'s leaf hash does not match its leaf');
    }
    await verifyInclusion(index, head.size, leafHash, hashes(entry.inclusionProof, 'the inclusion proof'), head.root);
    if (typeof entry.body !== 'string') {
      throw new Failure('the entry has no record');
    }
    const bodyHash = await sha256(encoder.encode(entry.body));
    if (!equal(bodyHash, data.subarray(1 + HASH_LENGTH))) {
      throw new Failure('the ledger holds a different record than the one the service sent');
    }
    const message = concat(encoder.encode(COMMITMENT_LABEL), encoder.encode(pseudonym), Uint8Array.of(0x0a), bodyHash);
    const commitment = new Uint8Array(await crypto.subtle.sign('HMAC', commitmentKey, message));
    if (!equal(commitment, data.subarray(1, 1 + HASH_LENGTH))) {
      throw new Failure('the entry is not committed to you');
    }
    return index;
  }

  async function getJson(path) {
    // No redirects: an ended session answers with one to the sign-in page.
    const response = await fetch(path, { credentials: 'same-origin', cache: 'no-store', redirect: 'error',
      headers: { Accept: 'application/json' } });
    if (!response.ok || !(response.headers.get('Content-Type') || '').startsWith('application/json')) {
      throw new Failure('the consent service did not answer ' + path + ' (status ' + response.status + ')');
    }
    try {
      return await response.json();
    } catch (e) {
      throw new Failure('the consent service\'s answer to ' + path + ' is not JSON');
    }
  }

  function storage() {
    try {
      return window.localStorage;
    } catch (e) {
      return null;
    }
  }

  function readStoredHead(store) {
    const text = store.getItem(STORED_HEAD);
    if (text === null) {
      return null;
    }
    let stored;
    try {
      stored = JSON.parse(text);
    } catch (e) {
      stored = null;
    }
    if (stored === null || typeof stored !== 'object' || typeof stored.origin !== 'string') {
      throw new Failure('the tree head this browser kept from its last check is damaged');
    }
    return { origin: stored.origin, size: size(stored.size, 'the kept tree size'), root: hash(stored.root, 'the kept root hash') };
  }

  /**
   * Checks the new head against the last one this browser verified, and keeps it if it extends
   * that one; returns a sentence saying what was checked. Rejects, keeping the old head, if not.
   */
  async function checkHistory(head) {
    const store = storage();
    if (store === null) {
      return 'This browser cannot keep the tree head, so it cannot check that the ledger only grows.';
    }
    const seen = readStoredHead(store);
    let sentence;
    if (seen === null) {
      sentence = 'This browser had not checked this ledger before; from now on it also checks that the ledger only grows.';
    } else if (seen.origin !== head.origin) {
      throw new Failure('this ledger is called ' + head.origin + ', but the one this browser checked before was ' + seen.origin);
    } else if (seen.size === head.size) {
      await verifyConsistency(seen.size, head.size, [], seen.root, head.root);
      sentence = 'The ledger has not changed since this browser last checked it.';
    } else {
      if (seen.size > head.size) {
        throw new Failure('the ledger now has ' + head.size + ' entries, fewer than the ' + seen.size + ' this browser saw before');
      }
      const answer = await getJson('/api/v1/ledger/consistency?from=' + seen.size + '&to=' + head.size);
      if (size(answer.fromSize, 'the proof\'s sizes') !== seen.size || size(answer.toSize, 'the proof\'s sizes') !== head.size) {
        throw new Failure('the consistency proof is for other tree sizes');
      }
      await verifyConsistency(seen.size, head.size, hashes(answer.proof, 'the consistency proof'), seen.root, head.root);
      sentence = 'Consistency proof verified: the ledger only grew since this browser last checked it at tree head of size '
        + seen.size + '.';
    }
    try {
      store.setItem(STORED_HEAD, JSON.stringify({ origin: head.origin, size: head.size.toString(), root: toBase64(head.root) }));
    } catch (e) {
      return sentence + ' This browser could not keep the new tree head for its next check.';
    }
    return sentence;
  }

  /** What a row shows, as the values its ledger event records. */
  function rowKey(row) {
    const d = row.dataset;
    return d.kind === 'use' ? JSON.stringify(['use', d.study, d.round, d.hospital, d.at])
      : JSON.stringify(['consent', d.version, d.at]);
  }

  /** What an event body records, in the form of {@link rowKey}; null for a body that is not an event this page shows. */
  function eventKey(body) {
    let event;
    try {
      event = JSON.parse(body);
    } catch (e) {
      return null;
    }
    if (event !== null && event.type === 'use') {
      return JSON.stringify(['use', event.studyId, String(event.round), event.hospital, event.usedAt]);
    }
    if (event !== null && event.type === 'consent-change') {
      return JSON.stringify(['consent', String(event.version), event.recordedAt]);
    }
    return null;
  }

  function reasonOf(error) {
    if (error instanceof Failure) {
      return error.message;
    }
    // A network error, an ended session (a redirect) or a browser that cannot run a check.
    return 'the check could not be completed (' + error.name + '); reload the page, or sign in again';
  }

  function mark(row, state, text) {
    const cell = row.querySelector('td.proof');
    cell.className = 'proof ' + state;
    cell.textContent = text;
    row.dataset.proof = state;
  }

  function announce(summary, state, text) {
    summary.className = 'ledger-check ' + state;
    summary.textContent = text;
  }

  function entries(n) {
    return n === 1 ? '1 entry' : n + ' entries';
  }

  /** Verifies every entry, then marks each row and says what was found. */
  async function checkAccessLog(table, summary) {
    const rows = Array.from(table.querySelectorAll('tbody tr.entry'));
    if (!window.crypto || !window.crypto.subtle) {
      rows.forEach(row => mark(row, 'failed', 'Could not be verified: this browser cannot check proofs.'));
      announce(summary, 'failed', 'The entries could not be verified: this browser offers no WebCrypto.');
      return;
    }
    rows.forEach(row => mark(row, 'checking', 'Checking…'));
    announce(summary, 'checking', 'Checking ' + entries(rows.length) + ' against the ledger…');
    let head;
    let history;
    let results;
    try {
      const [ledger, key] = await Promise.all([getJson('/portal/my/ledger'), getJson('/api/v1/ledger/key')]);
      head = await verifiedHead(ledger, key);
      history = await checkHistory(head);
      if (!Array.isArray(ledger.entries) || typeof ledger.pseudonym !== 'string') {
        throw new Failure('the service did not send a list of entries');
      }
      const commitmentKey = ledger.entries.length === 0 ? null : await crypto.subtle.importKey('raw',
        fromBase64(ledger.commitmentKey, 'your commitment key'), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
      results = await Promise.all(ledger.entries.map(entry => verifyEntry(entry, ledger.pseudonym, commitmentKey, head)
        .then(index => ({ key: eventKey(entry.body), index: index }), error => ({ key: eventKey(entry.body), failure: reasonOf(error) }))));
    } catch (error) {
      const reason = reasonOf(error);
      rows.forEach(row => mark(row, 'failed', 'Could not be verified: ' + reason + '.'));
      announce(summary, 'failed', 'The entries could not be verified: ' + reason + '.');
      return;
    }
    const byKey = new Map();
    results.forEach(result => byKey.set(result.key, (byKey.get(result.key) || []).concat([result])));
    let verified = 0;
    for (const row of rows) {
      const result = (byKey.get(rowKey(row)) || []).shift();
      if (!result) {
        mark(row, 'failed', 'Could not be verified: the ledger has no entry that records this.');
      } else if (result.failure) {
        mark(row, 'failed', 'Could not be verified: ' + result.failure + '.');
      } else {
        mark(row, 'verified', 'Verified (ledger entry ' + result.index + ').');
        row.dataset.leaf = result.index.toString();
        verified++;
      }
    }
    const unlisted = Array.from(byKey.values()).reduce((n, left) => n + left.length, 0);
    const sentences = [rows.length === 0 ? 'No entries to check; the ledger\'s tree head of size ' + head.size + ' verified.'
      : verified + ' of ' + entries(rows.length) + ' verified against tree head of size ' + head.size + '.'];
    if (verified < rows.length) {
      sentences.push((rows.length - verified) + ' could not be verified: see the Checked column.');
    }
    if (unlisted > 0) {
      sentences.push('The ledger holds ' + entries(unlisted) + ' about you that this page does not show: reload the page, '
        + 'and if this stays, ask your hospital.');
    }
    sentences.push(history);
    announce(summary, verified === rows.length && unlisted === 0 ? 'verified' : 'failed', sentences.join(' '));
  }

  document.addEventListener('DOMContentLoaded', () => {
    const table = document.getElementById('access-log');
    const summary = document.getElementById('ledger-check');
    if (table && summary) {
      checkAccessLog(table, summary);
    }
  });

  return Object.freeze({ Failure, hashLeaf, verifyInclusion, verifyConsistency });
})();
