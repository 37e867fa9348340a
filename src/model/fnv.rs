//! FNV-1a hashes: take bytes, give a number that is the same on every
//! machine, in every run and every version (unlike the standard library's
//! hasher), for names and fingerprints that must not move: a long group
//! page's name, a Code Quality report's fingerprints, a record's
//! fingerprint in an owner's workbook.

/// 64-bit FNV-1a of `bytes`.
pub(crate) fn fnv1a_64(bytes: &[u8]) -> u64 {
    fnv1a_64_of(bytes.iter().copied())
}

/// 64-bit FNV-1a of the bytes `bytes` gives, for hashing text as it is read
/// (a record's without its carriage returns) without copying it first.
pub(crate) fn fnv1a_64_of(bytes: impl IntoIterator<Item = u8>) -> u64 {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    bytes.into_iter().fold(OFFSET, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(PRIME)
    })
}

/// 128-bit FNV-1a over `parts`, each ended by a zero byte, so that `["ab",
/// "c"]` and `["a", "bc"]` differ.
pub(crate) fn fnv1a_128(parts: &[&str]) -> u128 {
    const OFFSET: u128 = 0x6c62_272e_07bb_0142_62b8_2175_6295_c58d;
    const PRIME: u128 = 0x0000_0000_0100_0000_0000_0000_0000_013b;
    let mut hash = OFFSET;
    for part in parts {
        for byte in part.bytes().chain([0]) {
            hash ^= u128::from(byte);
            hash = hash.wrapping_mul(PRIME);
        }
    }
    hash
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_published_test_vectors() {
        // From the FNV reference (Fowler, Noll, Vo): the empty string and "a".
        assert_eq!(fnv1a_64(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a_64(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_ne!(fnv1a_128(&["ab", "c"]), fnv1a_128(&["a", "bc"]));
    }
}
