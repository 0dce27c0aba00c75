/* Ticket codes checked in the browser, as checkin/crypto.py checks them on the server: base32 (RFC 4648,
   no padding, one spelling only) of version 1 | event key id (2 bytes) | ticket id (6) | Ed25519
   signature (64) over the first 9 bytes, verified with the event's public key through Web Crypto. */
(function (global) {
  "use strict";

  var B32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  var LENGTH = 117;
  var HEADER = 9;

  function hex(bytes) {
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  /* {keyId, ticketId (hex), payload, signature} or null when the text is not one of our codes. */
  function parse(code) {
    code = String(code == null ? "" : code).trim().toUpperCase();
    if (code.length !== LENGTH || !/^[A-Z2-7]+$/.test(code)) { return null; }
    var bits = 0, value = 0, bytes = [];
    for (var i = 0; i < code.length; i++) {
      value = ((value << 5) | B32.indexOf(code[i])) & 0xffff; bits += 5;
      if (bits >= 8) { bytes.push((value >>> (bits - 8)) & 255); bits -= 8; }
    }
    // The last character's unused bit must be zero: the server accepts only the spelling it issues.
    if (bits && (value & ((1 << bits) - 1)) !== 0) { return null; }
    if (bytes.length !== HEADER + 64 || bytes[0] !== 1) { return null; }
    var raw = new Uint8Array(bytes);
    return {
      keyId: (raw[1] << 8) | raw[2],
      ticketId: hex(raw.slice(3, HEADER)),
      payload: raw.slice(0, HEADER),
      signature: raw.slice(HEADER)
    };
  }

  function fromBase64(text) {
    var binary = atob(text);
    var out = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i++) { out[i] = binary.charCodeAt(i); }
    return out;
  }

  var keys = {};
  /* Resolves to the imported key, or null when this browser's Web Crypto has no Ed25519. */
  function importKey(publicKeyBase64) {
    if (!keys[publicKeyBase64]) {
      var subtle = global.crypto && global.crypto.subtle;
      keys[publicKeyBase64] = !subtle ? Promise.resolve(null) :
        subtle.importKey("raw", fromBase64(publicKeyBase64), { name: "Ed25519" }, false, ["verify"])
          .catch(function () { return null; });
    }
    return keys[publicKeyBase64];
  }

  /* Resolves to true or false, or null when the signature cannot be checked in this browser. */
  function verify(parsed, publicKeyBase64) {
    return importKey(publicKeyBase64).then(function (key) {
      if (!key) { return null; }
      return global.crypto.subtle.verify({ name: "Ed25519" }, key, parsed.signature, parsed.payload)
        .catch(function () { return false; });
    });
  }

  /* Whether `code` is a genuine code of the event whose key is given: true, false, or null (no Ed25519). */
  function check(code, key) {
    var parsed = parse(code);
    if (!parsed || !key || parsed.keyId !== key.key_id) { return Promise.resolve(false); }
    return verify(parsed, key.public_key);
  }

  /* Whether a parsed code is genuine for one of `keys` (other events' {key_id, public_key}; two events
     may share a key id, so each key with the code's id is tried): true, false, or null (no Ed25519). */
  function signedByAny(parsed, keys) {
    var candidates = (keys || []).filter(function (key) { return key.key_id === parsed.keyId; });
    return Promise.all(candidates.map(function (key) { return verify(parsed, key.public_key); }))
      .then(function (answers) {
        if (answers.indexOf(true) >= 0) { return true; }
        return answers.indexOf(null) >= 0 ? null : false;
      });
  }

  /* Which event `code` belongs to, as the server decides a scan: "this" (genuine for `key`), "other"
     (genuine for one of `otherKeys`: the server answers wrong_event), "invalid", or null when this
     browser cannot check signatures. */
  function eventOf(code, key, otherKeys) {
    var parsed = parse(code);
    if (!parsed || !key) { return Promise.resolve("invalid"); }
    var own = parsed.keyId === key.key_id ? verify(parsed, key.public_key) : Promise.resolve(false);
    return own.then(function (mine) {
      if (mine === true) { return "this"; }
      return signedByAny(parsed, otherKeys).then(function (other) {
        if (other === true) { return "other"; }
        return mine === null || other === null ? null : "invalid";
      });
    });
  }

  global.CheckinTicket = {
    parse: parse, verify: verify, check: check, importKey: importKey, signedByAny: signedByAny, eventOf: eventOf
  };
})(window);
