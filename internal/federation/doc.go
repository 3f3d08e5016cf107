// Package federation carries items between the nodes of two parties:
// envelopes, receipts, the keys that sign and open them, and the mutual
// TLS 1.3 that links run over.
//
// # Keys and cards
//
// A node has three keys ([Keys]): an Ed25519 signing key, an HPKE key pair
// for MLKEM768-X25519 (X-Wing, KEM 0x647A), and a self-signed ECDSA P-256
// TLS certificate. [Keys.Save] writes them under DIR/keys with private
// files at mode 0600; [LoadKeys] refuses private files open to group or
// others. A node's card ([Keys.Card]) carries the public halves and the
// certificate's SHA-256 ([Fingerprint]); a party imports the other's card
// out of band, after checking it with [DecodeCard]. No CA is involved: a
// peer is its card.
//
// # Envelopes
//
// An envelope carries a contiguous run of one link's outbox items (seqs
// First..Last) under one arrangement. On the wire, all integers big-endian:
//
//	"LSNENV1\n"             8 bytes
//	uint32 len(header)      at most MaxHeader (4 KiB)
//	header                  JSON Header, in the clear
//	uint32 len(ciphertext)
//	ciphertext              HPKE(MLKEM768-X25519, HKDF-SHA256, AES-256-GCM)
//	                        of the JSON {"items": [...]}, encapsulated key first
//	signature               64 bytes, Ed25519; nothing follows
//
// The whole is at most [MaxEnvelope] (16 MiB) and carries at most
// [MaxItems] items. The HPKE info is "liaison/envelope/v1\x00" followed by
// the header bytes; the signed message is "liaison/envelope/v1\x00",
// uint32 len(header), header, ciphertext.
//
// A receiver runs [Decode] (framing and header, no keys), then
// [Envelope.Verify] with the signing key of the peer the header names,
// then [Envelope.Open] with its own HPKE key.
//
// # Receipts
//
// The receiver answers with a receipt ([ReceiptBody]): the outcome of each
// item, the highest seq it has taken on the link, and optionally its audit
// log head. On the wire: "LSNRCT1\n", uint32 len(body), body JSON, and a
// 64-byte Ed25519 signature over "liaison/receipt/v1\x00" followed by the
// body bytes. The sender keeps body and signature exactly as received:
// they prove delivery to anyone holding the receiver's card.
//
// # Security reasoning
//
// Signatures are over the exact bytes sent, never over a re-serialisation,
// so two implementations cannot disagree about what was signed; the JSON
// this package reads must also have one meaning: unknown fields, fields
// matched only case-insensitively, repeated keys and trailing data are
// refused, because encoding/json and other parsers resolve them
// differently.
//
// The envelope is encrypted, then signed. Signing the ciphertext lets a
// receiver reject a forged or altered envelope before it spends anything on
// decryption, and lets the envelope be checked by someone who cannot read
// it. Signing only a ciphertext would not commit the sender to the content,
// so the header carries the SHA-256 of the plaintext (Digest), and the
// receiver, holding plaintext and signature, can show a third party what
// the sender sent. The HPKE info holds the header, so a ciphertext cannot
// be moved under another header (another sender, recipient, arrangement or
// seq range): it would not decrypt.
//
// HPKE base mode does not authenticate the sender; the signature does, and
// the receiver MUST check, beyond this package, that Header.From is the
// party the TLS client certificate belongs to and whose signing key
// verified the envelope, that Header.To is itself, that the arrangement is
// one it has applied, and that the seqs follow those it has taken (the
// inbox is idempotent by seq, which defeats replay).
//
// Confidentiality is post-quantum twice over: HPKE with the X-Wing hybrid
// KEM, inside TLS 1.3 restricted to the X25519MLKEM768 hybrid key exchange
// ([ServerTLS], [ClientTLS]). Both ends of a link pin each other's certificate
// by fingerprint. Signatures are Ed25519, which a future quantum computer
// could forge; they matter while a link is live and as evidence later, so
// an ML-DSA signature should be added once the standard library has one.
//
// Errors from decoding and checking are [liaison.EINVALID] with short
// texts naming what is wrong; the receiving node sends them back to the
// sender, whose officers read them.
package federation
