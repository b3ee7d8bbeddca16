//! Legacy API key format (contract §5, `pkg/components/apikeygen`).
//!
//! Client secret = base64(json({"k": <32 random [0-9A-Za-z]>, "n": <name>, "id": <orgId>})),
//! stored hash = hex(PBKDF2-HMAC-SHA256(password = k, salt = name, 10000 rounds, 50 bytes)).
//! The server keeps only the hash, never the secret.

use base64::Engine as _;
use base64::engine::DecodePaddingMode;
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig, STANDARD};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256, compress256};

const ALPHANUM: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/// `util.GetRandomString(n)`: n characters of [0-9A-Za-z], without modulo bias
/// (rejection sampling, as Grafana does since PR #66970).
pub fn random_string(n: usize) -> String {
    let mut out = String::with_capacity(n);
    let mut buf = [0u8; 64];
    while out.len() < n {
        getrandom::fill(&mut buf).expect("the OS random source failed");
        for &b in &buf {
            // 248 = 4 * 62: bytes at or above it would favour the first letters.
            if b < 248 && out.len() < n {
                out.push(ALPHANUM[(b % 62) as usize] as char);
            }
        }
    }
    out
}

/// Lower-case hex of `n` random bytes (session tokens).
pub fn random_hex(n: usize) -> String {
    let mut buf = vec![0u8; n];
    getrandom::fill(&mut buf).expect("the OS random source failed");
    hex(&buf)
}

pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(DIGITS[(b >> 4) as usize] as char);
        s.push(DIGITS[(b & 15) as usize] as char);
    }
    s
}

/// `util.EncodePassword(password, salt)`: PBKDF2-HMAC-SHA256, 10 000 rounds,
/// 50 bytes, hex.
pub fn encode_password(password: &str, salt: &str) -> String {
    let mut out = [0u8; 50];
    pbkdf2_hmac_sha256(password.as_bytes(), salt.as_bytes(), 10_000, &mut out);
    hex(&out)
}

const SHA256_IV: [u32; 8] = [
    0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
];

/// PBKDF2-HMAC-SHA256 (RFC 8018). Hand-rolled over the raw SHA-256
/// compression function so that each of the 10 000 inner HMACs costs exactly
/// two compressions with precomputed pad states: generic HMAC code is several
/// times slower in unoptimised (test) builds, and keys are hashed on every
/// create.
pub fn pbkdf2_hmac_sha256(password: &[u8], salt: &[u8], rounds: u32, out: &mut [u8]) {
    let mut key = [0u8; 64];
    if password.len() > 64 {
        key[..32].copy_from_slice(&Sha256::digest(password));
    } else {
        key[..password.len()].copy_from_slice(password);
    }
    let ipad = key.map(|b| b ^ 0x36);
    let opad = key.map(|b| b ^ 0x5c);
    let mut istate = SHA256_IV;
    compress256(&mut istate, &[ipad.into()]);
    let mut ostate = SHA256_IV;
    compress256(&mut ostate, &[opad.into()]);

    for (i, chunk) in out.chunks_mut(32).enumerate() {
        // U1 = HMAC(P, S || INT(i)): the message has any length, so use the
        // streaming hasher for it.
        let inner = Sha256::new()
            .chain_update(ipad)
            .chain_update(salt)
            .chain_update((i as u32 + 1).to_be_bytes())
            .finalize();
        let mut u: [u8; 32] = Sha256::new()
            .chain_update(opad)
            .chain_update(inner)
            .finalize()
            .into();
        let mut t = u;
        for _ in 1..rounds {
            u = hmac_32(&istate, &ostate, &u);
            for (a, b) in t.iter_mut().zip(u) {
                *a ^= b;
            }
        }
        chunk.copy_from_slice(&t[..chunk.len()]);
    }
}

/// HMAC-SHA256 of a 32-byte message given the states after the pad blocks:
/// one padded block through each state (64 + 32 bytes = 768 bits hashed).
fn hmac_32(istate: &[u32; 8], ostate: &[u32; 8], msg: &[u8; 32]) -> [u8; 32] {
    let mut block = [0u8; 64];
    block[32] = 0x80;
    block[62] = 0x03; // 768 bits, big-endian length
    block[..32].copy_from_slice(msg);
    let mut s = *istate;
    compress256(&mut s, &[block.into()]);
    block[..32].copy_from_slice(&state_bytes(&s));
    let mut s = *ostate;
    compress256(&mut s, &[block.into()]);
    state_bytes(&s)
}

fn state_bytes(s: &[u32; 8]) -> [u8; 32] {
    let mut out = [0u8; 32];
    for (o, w) in out.chunks_mut(4).zip(s) {
        o.copy_from_slice(&w.to_be_bytes());
    }
    out
}

/// The JSON inside a legacy key; field order k, n, id as Go marshals it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyJson {
    pub k: String,
    pub n: String,
    pub id: i64,
}

/// A freshly generated key: what the client gets once, and what is stored.
pub struct NewKey {
    pub client_secret: String,
    pub hashed_key: String,
}

/// `apikeygen.New(orgId, name)`.
pub fn new_key(org_id: i64, name: &str) -> NewKey {
    let k = random_string(32);
    let hashed_key = encode_password(&k, name);
    let json = serde_json::to_string(&KeyJson {
        k,
        n: name.to_string(),
        id: org_id,
    })
    .expect("serialising a key cannot fail");
    NewKey {
        client_secret: STANDARD.encode(json),
        hashed_key,
    }
}

/// Go's `base64.StdEncoding` decoder: padding required, but non-zero bits in
/// the last character are accepted (the docs' example key relies on that).
const GO_STD: GeneralPurpose = GeneralPurpose::new(
    &base64::alphabet::STANDARD,
    GeneralPurposeConfig::new()
        .with_decode_allow_trailing_bits(true)
        .with_decode_padding_mode(DecodePaddingMode::RequireCanonical),
);

/// `apikeygen.Decode`: fails on bad base64 or JSON (`ErrInvalidApiKey`).
pub fn decode(secret: &str) -> Option<KeyJson> {
    let raw = GO_STD.decode(secret.trim()).ok()?;
    serde_json::from_slice(&raw).ok()
}

/// `apikeygen.IsValid`: the secret's `k` hashes (salted with the stored
/// name) to the stored hash.
pub fn is_valid(decoded: &KeyJson, stored_hash: &str) -> bool {
    encode_password(&decoded.k, &decoded.n) == stored_hash
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn docs_example_decodes() {
        let d = decode(
            "eyJrIjoiWHZiSWd3NzdCYUZnNUtibE9obUpESmE3bzJYNDRIc0UiLCJuIjoibXlrZXkiLCJpZCI6MX1=",
        )
        .unwrap();
        assert_eq!(d.k, "XvbIgw77BaFg5KblOhmJDJa7o2X44HsE");
        assert_eq!(d.n, "mykey");
        assert_eq!(d.id, 1);
        assert!(decode("not base64!").is_none());
        assert!(decode(&STANDARD.encode("[1,2]")).is_none());
    }

    #[test]
    fn new_key_round_trips_and_hash_is_100_hex() {
        let key = new_key(1, "ci-bot");
        assert!(key.client_secret.starts_with("eyJr"));
        assert_eq!(key.hashed_key.len(), 100);
        assert!(!key.hashed_key.contains(&key.client_secret));
        let d = decode(&key.client_secret).unwrap();
        assert_eq!(d.k.len(), 32);
        assert!(d.k.bytes().all(|b| b.is_ascii_alphanumeric()));
        assert_eq!((d.n.as_str(), d.id), ("ci-bot", 1));
        assert!(is_valid(&d, &key.hashed_key));
        let forged = KeyJson {
            k: "x".repeat(32),
            ..d
        };
        assert!(!is_valid(&forged, &key.hashed_key));
    }

    #[test]
    fn pbkdf2_matches_known_vectors() {
        let run = |p: &[u8], s: &[u8], c: u32, n: usize| {
            let mut out = vec![0u8; n];
            pbkdf2_hmac_sha256(p, s, c, &mut out);
            hex(&out)
        };
        // RFC 7914 §11 (c = 1, dkLen = 64).
        assert_eq!(
            run(b"passwd", b"salt", 1, 64),
            "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc\
             49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783"
        );
        // Widely published PBKDF2-HMAC-SHA256 vectors.
        assert_eq!(
            run(b"password", b"salt", 2, 32),
            "ae4d0c95af6b46d32d0adff928f06dd02a303f8ef3c251dfd6e2d85a95474c43"
        );
        assert_eq!(
            run(b"password", b"salt", 4096, 32),
            "c5e478d59288c841aa530db6845c4c8d962893a001ce4e11a4963873aa98134a"
        );
    }

    #[test]
    fn pbkdf2_agrees_with_the_reference_crate() {
        let long = "p".repeat(100);
        for (p, s) in [
            ("XvbIgw77BaFg5KblOhmJDJa7o2X44HsE", "mykey"),
            (long.as_str(), ""),
        ] {
            let mut reference = [0u8; 50];
            pbkdf2::pbkdf2_hmac::<Sha256>(p.as_bytes(), s.as_bytes(), 10_000, &mut reference);
            assert_eq!(encode_password(p, s), hex(&reference));
        }
    }
}
