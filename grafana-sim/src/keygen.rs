//! Legacy API key format (contract §5, `pkg/components/apikeygen`).
//!
//! Client secret = base64(json({"k": <32 random [0-9A-Za-z]>, "n": <name>, "id": <orgId>})),
//! stored hash = hex(PBKDF2-HMAC-SHA256(password = k, salt = name, 10000 rounds, 50 bytes)).
//! The server keeps only the hash, never the secret.

use base64::Engine as _;
use base64::engine::DecodePaddingMode;
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig, STANDARD};
use serde::{Deserialize, Serialize};
use sha2::Sha256;

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
    pbkdf2::pbkdf2_hmac::<Sha256>(password.as_bytes(), salt.as_bytes(), 10_000, &mut out);
    hex(&out)
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

/// Service-account tokens (`pkg/components/satokengen`):
/// `glsa_<32 [0-9A-Za-z]>_<checksum>`, where the checksum is the hex of the
/// little-endian CRC32-IEEE of `glsa_<secret>`; the stored hash is
/// `EncodePassword(secret, checksum)`, and authentication finds the row by it.
pub const SA_TOKEN_PREFIX: &str = "glsa_";

/// A decoded `glsa_` token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SaToken {
    pub secret: String,
    pub checksum: String,
}

impl SaToken {
    /// `PrefixedKey.Hash`.
    pub fn hash(&self) -> String {
        encode_password(&self.secret, &self.checksum)
    }
}

/// `PrefixedKey.CalculateChecksum` for `glsa_<secret>`.
pub fn sa_checksum(secret: &str) -> String {
    let sum = crc32fast::hash(format!("{SA_TOKEN_PREFIX}{secret}").as_bytes());
    hex(&sum.to_le_bytes())
}

/// `satokengen.New("sa")`: (client secret, stored hash).
pub fn new_sa_token() -> (String, String) {
    let secret = random_string(32);
    let checksum = sa_checksum(&secret);
    let token = SaToken { secret, checksum };
    let hash = token.hash();
    (
        format!("{SA_TOKEN_PREFIX}{}_{}", token.secret, token.checksum),
        hash,
    )
}

/// `satokengen.Decode`: `gl` prefix, three `_`-separated parts, service id
/// `sa`, and a matching checksum; `None` is `ErrInvalidApiKey`.
pub fn decode_sa_token(s: &str) -> Option<SaToken> {
    let rest = s.strip_prefix("gl")?;
    let parts: Vec<&str> = rest.split('_').collect();
    let [service, secret, checksum] = parts.as_slice() else {
        return None;
    };
    if *service != "sa" || sa_checksum(secret) != *checksum {
        return None;
    }
    Some(SaToken {
        secret: secret.to_string(),
        checksum: checksum.to_string(),
    })
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
    fn encode_password_matches_grafanas_own_vector() {
        // pkg/util/encoding_test.go `TestEncodePassword`.
        assert_eq!(
            encode_password("iamgod", "pepper"),
            "e59c568621e57756495a468f47c74e07c911b037084dd464bb2ed72410970dc8\
             49cabd71b48c394faf08a5405dae53741ce9"
        );
    }

    #[test]
    fn sa_tokens_round_trip_and_checksum_is_little_endian_crc32() {
        let (token, hash) = new_sa_token();
        assert!(token.starts_with("glsa_"));
        let parts: Vec<&str> = token.split('_').collect();
        assert_eq!(parts.len(), 3);
        assert_eq!(parts[1].len(), 32);
        assert_eq!(parts[2].len(), 8);
        let d = decode_sa_token(&token).unwrap();
        assert_eq!(d.hash(), hash);
        // CRC32-IEEE("glsa_" + 32 x 'a'), bytes little-endian.
        let secret = "a".repeat(32);
        let crc = crc32fast::hash(format!("glsa_{secret}").as_bytes());
        assert_eq!(sa_checksum(&secret), hex(&crc.to_le_bytes()));
        // The well-known check value of CRC32-IEEE("123456789") is 0xcbf43926.
        assert_eq!(crc32fast::hash(b"123456789"), 0xcbf4_3926);
        let forged = format!("glsa_{secret}_00000000");
        assert!(decode_sa_token(&forged).is_none());
        assert!(decode_sa_token("glsa_abc").is_none());
        assert!(decode_sa_token("eyJrIjoi").is_none());
    }
}
